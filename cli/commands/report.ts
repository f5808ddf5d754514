// `bench report <run|sweep...>`: writes one self-contained HTML report. A sweep is the job folders under a
// folder (or listed) whose result.json share a name; others are listed as skipped inputs.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadJobResult, loadRunEvidence, RunLoadError } from '../../reports/load-run.ts';
import { renderHtmlReport, type ReportRun } from '../../reports/html-report.ts';
import { EXIT, UsageError } from '../exit-codes.ts';

function jobFolders(path: string): string[] {
  if (!existsSync(path)) throw new UsageError(`${path}: no such run or sweep folder`);
  if (!statSync(path).isDirectory() || existsSync(join(path, 'result.json')) || existsSync(join(path, 'spec.json'))) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(path, entry.name, 'spec.json')))
    .map((entry) => join(path, entry.name))
    .sort();
}

function readRun(dir: string): ReportRun {
  const result = loadJobResult(dir);
  try {
    return { result, evidence: loadRunEvidence(dir).tasks };
  } catch (error) {
    return { result, evidenceNote: (error as Error).message };
  }
}

export async function collectReportRuns(paths: readonly string[]): Promise<{ runs: ReportRun[]; skipped: string[] }> {
  const runs: ReportRun[] = [];
  const skipped: string[] = [];
  for (const dir of paths.flatMap(jobFolders)) {
    try {
      runs.push(readRun(dir));
    } catch (error) {
      if (!(error instanceof RunLoadError)) throw error;
      skipped.push(error.message);
    }
  }
  const name = runs[0]?.result.name;
  const kept = runs.filter((r) => r.result.name === name);
  for (const r of runs) if (r.result.name !== name) skipped.push(`job ${r.result.jobId}: experiment "${r.result.name}", not "${name}" (a report covers one sweep)`);
  return { runs: kept, skipped };
}

export async function reportCommand(paths: string[], flags: { out?: string }): Promise<void> {
  const { runs, skipped } = await collectReportRuns(paths);
  if (runs.length === 0) throw new UsageError(`no finished job in ${paths.join(', ')}${skipped.length ? `:\n  ${skipped.join('\n  ')}` : ''}`);
  const out = flags.out ?? (runs.length === 1 ? join(paths[0], 'report.html') : 'report.html');
  writeFileSync(out, await renderHtmlReport({ runs, skipped }));
  process.stdout.write(`report: ${out} (${runs.length} job(s)${skipped.length ? `, ${skipped.length} skipped` : ''})\n`);
  process.exitCode = EXIT.ok;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write one self-contained HTML report (inline SVG, no network) for a job or a sweep')
    .argument('<runs...>', 'a job folder, a folder of job folders (a sweep), or several job folders')
    .option('--out <file>', 'HTML file to write (default: <job>/report.html, or ./report.html for a sweep)')
    .addHelpText('after', '\nExamples:\n  $ bench report runs/6784a4fd5dab\n  $ bench report runs --out ema-ablation.html')
    .action(async (paths: string[], flags: { out?: string }) => reportCommand(paths, flags));
}
