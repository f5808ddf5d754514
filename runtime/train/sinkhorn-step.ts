// The coordinator's side of Sinkhorn–Knopp centring under data parallelism: every shard first runs its teacher
// and returns the raw outputs; the coordinator balances the gathered rows of the whole batch (DINOv2 all-reduces
// the row sums across GPUs instead) and sends back one centre per loss, so targets do not depend on how many
// replicas share the batch. The replicas keep their teacher outputs between the two phases.
import type { DinoShardResult, DinoStep, StepCenters } from './dino-messages.ts';
import { sinkhornKnoppCenter } from './sinkhorn.ts';

/** What this needs of DataParallel: one shard per replica, results in shard order. */
export interface ShardRunner {
  step(shards: DinoStep[]): Promise<DinoShardResult[]>;
}

/** The step's shards with the Sinkhorn–Knopp centres of the whole batch's teacher outputs (CLS and, with iBOT, masked patches). */
export async function withSinkhornCenters(parallel: ShardRunner, shards: DinoStep[], k: number, ibot: boolean): Promise<DinoStep[]> {
  const teacher = await parallel.step(shards.map((s) => ({ ...s, phase: 'teacher' as const })));
  const teacherTemp = shards[0].teacherTemp;
  const centers: StepCenters = {
    dino: sinkhornKnoppCenter(gatherRows(teacher.map((r) => r.teacherRows)), k, teacherTemp),
    ...(ibot ? { ibot: sinkhornKnoppCenter(gatherRows(teacher.map((r) => r.ibotTeacherRows)), k, teacherTemp) } : {}),
  };
  return shards.map((s) => ({ ...s, centers }));
}

function gatherRows(parts: ReadonlyArray<Float32Array | undefined>): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + (p?.length ?? 0), 0));
  let at = 0;
  for (const p of parts) {
    if (!p) continue;
    out.set(p, at);
    at += p.length;
  }
  return out;
}
