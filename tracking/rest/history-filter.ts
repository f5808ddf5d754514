// Drops metric points the server already holds, comparing against each key's history (fetched once
// per key). Replay matches on (step, timestamp): the same logged point spooled twice. A job resumed
// with discardMetrics matches on (step, value), because MLflow's REST API cannot delete history.
import type { StampedMetricPoint } from '../metric-point.ts';
import type { HistoryPoint } from './client.ts';

export type PointSignature = (point: HistoryPoint) => string;

export const byStepAndTimestamp: PointSignature = (p) => `${p.step}|${p.timestamp}`;
// String() keeps NaN distinguishable and maps -0 and 0 together, as a float column would.
export const byStepAndValue: PointSignature = (p) => `${p.step}|${String(p.value)}`;

export class HistoryFilter {
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    private readonly loadHistory: (key: string) => Promise<HistoryPoint[]>,
    private readonly signature: PointSignature,
  ) {}

  async keepNew(points: StampedMetricPoint[]): Promise<{ kept: StampedMetricPoint[]; dropped: number }> {
    const kept: StampedMetricPoint[] = [];
    for (const point of points) {
      const seen = await this.historyOf(point.key);
      if (!seen.has(this.signature(point))) kept.push(point);
    }
    return { kept, dropped: points.length - kept.length };
  }

  private async historyOf(key: string): Promise<Set<string>> {
    let set = this.seen.get(key);
    if (set === undefined) {
      set = new Set((await this.loadHistory(key)).map(this.signature));
      this.seen.set(key, set);
    }
    return set;
  }
}
