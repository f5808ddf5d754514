// Checks a `gates:` list read from a YAML/JSON file (`bench gate --gates`) and reports every problem at once,
// and that every gated metric is a registered one (for gates from a spec too).
import type { GateSpec } from '../../dsl/types.ts';
import { getSampleMetric } from './metric-registry.ts';

/** Throws a RangeError naming each gate whose metric is not registered, with the registry's list. */
export function checkGateMetrics(gates: readonly GateSpec[], source: string): void {
  const problems = gates.flatMap((gate, i) => {
    try {
      getSampleMetric(gate.metric);
      return [];
    } catch (error) {
      return [`${source}: gates[${i}] (${gate.task}): ${(error as Error).message}`];
    }
  });
  if (problems.length) throw new RangeError(problems.join('\n'));
}

export function parseGateList(value: unknown, source: string): GateSpec[] {
  const list = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).gates : undefined;
  if (!Array.isArray(list)) throw new RangeError(`${source}: expected a top-level "gates:" list of {task, metric, maxDrop, alpha}`);
  const problems: string[] = [];
  const gates = list.map((item, i): GateSpec => {
    const at = `${source}: gates[${i}]`;
    const g = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    for (const key of Object.keys(g)) if (!['task', 'metric', 'maxDrop', 'alpha'].includes(key)) problems.push(`${at}: unknown key "${key}"`);
    if (typeof g.task !== 'string' || g.task === '') problems.push(`${at}.task must be a task id`);
    if (typeof g.metric !== 'string' || g.metric === '') problems.push(`${at}.metric must be a metric id`);
    if (typeof g.maxDrop !== 'number' || !(g.maxDrop >= 0)) problems.push(`${at}.maxDrop must be a number ≥ 0 (got ${JSON.stringify(g.maxDrop)})`);
    if (typeof g.alpha !== 'number' || !(g.alpha > 0 && g.alpha < 1)) problems.push(`${at}.alpha must be in (0, 1) (got ${JSON.stringify(g.alpha)})`);
    return { task: String(g.task), metric: String(g.metric), maxDrop: Number(g.maxDrop), alpha: Number(g.alpha) };
  });
  if (problems.length) throw new RangeError(problems.join('\n'));
  return gates;
}
