// Renders job events: a cli-progress bar on a TTY, plain timestamped lines otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import type { JobEvents } from '../runtime/job/events.ts';

function formatInfo(info: Record<string, string | number> | undefined): string {
  if (!info) return '';
  return Object.entries(info)
    .map(([key, value]) => `${key}=${typeof value === 'number' ? formatNumber(value) : value}`)
    .join(' ');
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(4);
}

export function createProgressEvents(stream: NodeJS.WriteStream = process.stderr, quiet = false): JobEvents {
  return stream.isTTY && !quiet ? new BarEvents(stream) : new LineEvents(stream, quiet);
}

class BarEvents implements JobEvents {
  private bar: cliProgress.SingleBar | undefined;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  stageStart(stage: string, total: number): void {
    this.bar?.stop();
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.stream,
        format: `${pc.cyan(stage.padEnd(22))} {bar} {value}/{total} | {eta_formatted} left | {info}`,
        hideCursor: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { info: '' });
  }

  stageTick(done: number, info?: Record<string, string | number>): void {
    this.bar?.update(done, { info: formatInfo(info) });
  }

  stageEnd(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  info(message: string): void {
    this.withBarPaused(() => this.stream.write(`${message}\n`));
  }

  warn(message: string): void {
    this.withBarPaused(() => this.stream.write(`${pc.yellow('warning:')} ${message}\n`));
  }

  private withBarPaused(write: () => void): void {
    if (!this.bar) return write();
    this.stream.write('\r\x1b[2K');
    write();
    this.bar.render();
  }
}

/** Non-TTY output: one line per ~10% of a stage, so CI logs stay readable. */
class LineEvents implements JobEvents {
  private stage = '';
  private total = 0;
  private lastDecile = -1;
  private started = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly quiet: boolean,
  ) {}

  stageStart(stage: string, total: number): void {
    this.stage = stage;
    this.total = total;
    this.lastDecile = -1;
    this.started = Date.now();
    if (!this.quiet) this.stream.write(`[${stage}] started (${total} steps)\n`);
  }

  stageTick(done: number, info?: Record<string, string | number>): void {
    const decile = this.total > 0 ? Math.floor((10 * done) / this.total) : 10;
    if (decile === this.lastDecile || this.quiet) return;
    this.lastDecile = decile;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    this.stream.write(`[${this.stage}] ${done}/${this.total} ${seconds}s ${formatInfo(info)}\n`);
  }

  stageEnd(): void {
    if (!this.quiet) this.stream.write(`[${this.stage}] done in ${((Date.now() - this.started) / 1000).toFixed(1)}s\n`);
  }

  info(message: string): void {
    if (!this.quiet) this.stream.write(`${message}\n`);
  }

  warn(message: string): void {
    this.stream.write(`warning: ${message}\n`);
  }
}
