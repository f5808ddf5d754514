// Appends one run's events to its spool file, one JSON line per call, in call order. The header is
// (re)written whenever the file is missing, so a file claimed by `bench sync` while its job is still
// logging continues as a new, self-contained file.
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { SPOOL_EXTENSION, type SpoolEvent, type SpoolHeader } from './spool-format.ts';

let headerSeq = 0;

/** Next value of the per-process counter that orders headers written in the same millisecond. */
export function nextHeaderSeq(): number {
  headerSeq += 1;
  return headerSeq;
}

export function spoolFileName(clientRunKey: string): string {
  return `${clientRunKey}${SPOOL_EXTENSION}`;
}

export class RunSpoolWriter {
  readonly path: string;
  // Calls are chained so that two un-awaited logging calls still land in call order.
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly header: SpoolHeader,
  ) {
    this.path = join(dir, spoolFileName(header.clientRunKey));
  }

  /** Writes the header alone (a run created offline exists even if nothing is logged to it). */
  touch(): Promise<void> {
    return this.enqueue([]);
  }

  append(event: SpoolEvent): Promise<void> {
    return this.enqueue([event]);
  }

  private enqueue(events: SpoolEvent[]): Promise<void> {
    const write = this.tail.then(() => this.write(events));
    this.tail = write.catch(() => undefined);
    return write;
  }

  private async write(events: SpoolEvent[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const lines = events.map((event) => JSON.stringify(event));
    // Size checked on the open descriptor: whichever file this append lands in starts with a header.
    const file = await open(this.path, 'a');
    try {
      if ((await file.stat()).size === 0) lines.unshift(JSON.stringify(this.header));
      if (lines.length > 0) await file.appendFile(`${lines.join('\n')}\n`, 'utf8');
    } finally {
      await file.close();
    }
  }
}
