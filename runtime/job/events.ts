// How a running job reports progress; the CLI renders these as progress bars or plain lines.

export interface JobEvents {
  /** A long stage begins; total is its number of ticks. */
  stageStart(stage: string, total: number): void;
  /** Progress within the current stage, with optional figures to show (loss, images/s…). */
  stageTick(done: number, info?: Record<string, string | number>): void;
  stageEnd(): void;
  info(message: string): void;
  warn(message: string): void;
}

export const SILENT_EVENTS: JobEvents = {
  stageStart() {},
  stageTick() {},
  stageEnd() {},
  info() {},
  warn() {},
};
