// `bench sync`: replays tracking events spooled while the MLflow server was unreachable (idempotent).
import { join } from 'node:path';
import pc from 'picocolors';
import { syncSpool, summarizeReplay } from '../../tracking/rest/sync.ts';
import { SPOOL_FOLDER } from '../../tracking/rest/spool-format.ts';
import { EXIT } from '../exit-codes.ts';

export async function syncCommand(opts: { out: string; tracking?: string }): Promise<void> {
  const dir = join(opts.out, SPOOL_FOLDER);
  const report = await syncSpool(dir, { trackingUri: opts.tracking, env: process.env });
  const s = summarizeReplay(report);
  for (const file of report.files.filter((f) => f.status !== 'replayed')) {
    process.stderr.write(`${pc.red('not replayed')}: ${file.file}: ${file.error ?? 'unknown error'}\n`);
  }
  process.stdout.write(
    `${s.files} spool file(s): ${s.replayed} replayed (${s.runsCreated} run(s) created, ${s.pointsSent} point(s) sent, ` +
      `${s.pointsSkipped} already there), ${s.failed} failed\n`,
  );
  process.exitCode = s.failed > 0 ? EXIT.failure : EXIT.ok;
}
