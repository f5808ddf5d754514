// `bench plan`: the jobs a spec expands to, with ids, sweep values, status in the results store and cost.
import { estimateJobCost } from '../../dsl/cost.ts';
import { JobStore } from '../../runtime/job/store.ts';
import { loadExperiment } from '../load-spec.ts';
import { renderTable } from '../table.ts';

export async function planCommand(file: string, opts: { profile?: string; out: string; json?: boolean }): Promise<void> {
  const { spec, jobs } = await loadExperiment(file, opts.profile);
  const rows = await Promise.all(
    jobs.map(async (job) => {
      const store = new JobStore(opts.out, job.id);
      const status = (await store.isFinished()) ? 'finished' : (await store.exists()) ? 'partial' : 'new';
      return { job, status, cost: estimateJobCost(job) };
    }),
  );
  if (opts.json) {
    const plan = rows.map(({ job, status, cost }) => ({ id: job.id, index: job.index, sweepPoint: job.sweepPoint, status, cost }));
    process.stdout.write(`${JSON.stringify({ name: spec.name, jobs: plan }, null, 2)}\n`);
    return;
  }
  const total = rows.reduce((s, r) => s + r.cost.totalSeconds, 0);
  process.stdout.write(
    renderTable({
      title: `${spec.name}: ${jobs.length} job(s), est. ${(total / 60).toFixed(1)} min in all (rough CPU/WASM estimate)`,
      head: ['#', 'job id', 'sweep point', 'status', 'GFLOP', 'est. time'],
      rows: rows.map(({ job, status, cost }) => [
        String(job.index),
        job.id,
        Object.entries(job.sweepPoint).map(([k, v]) => `${k}=${v}`).join(', ') || '—',
        status,
        cost.totalGflop.toFixed(0),
        `${(cost.totalSeconds / 60).toFixed(1)} min`,
      ]),
    }),
  );
}
