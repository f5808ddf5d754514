// The inputs a run left out under data.onInvalid 'skip', gathered over its data sets, for the reports and MLflow.
import type { JobResult, SkippedInputRecord } from '../dsl/results.ts';

export type SkippedInputOfTask = { task: string } & SkippedInputRecord;

export function skippedInputs(result: JobResult): SkippedInputOfTask[] {
  return result.datasets.flatMap((d) => (d.skipped ?? []).map((s) => ({ task: d.task, ...s })));
}

/** "acl-tear: scans/P7/3.dcm (listed at labels.csv:9): file ends inside the data set (truncated?)" */
export function describeSkippedInput(s: SkippedInputOfTask): string {
  const where = s.listedIn === undefined ? '' : ` (listed at ${s.listedIn}${s.line === undefined ? '' : `:${s.line}`})`;
  return `${s.task}: ${s.path}${where}: ${s.reason}`;
}
