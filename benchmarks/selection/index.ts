// Backbone selection by transferability estimators (`bench select`): score, rank, aggregate, and check the rankings
// against a measured linear probe. Generic harness code: no TensorFlow.js, features come in as numbers.
export { bestFirst, meanRanks, rankByScore } from './rank-candidates.ts';
export { measureLinearProbe, type ProbeMeasureInput, type ProbeMeasurement, type ProbeSettings } from './measure-probe.ts';
export { scoreWithEstimators, type EstimatorScore } from './score-estimators.ts';
export {
  summarizeSelection,
  type MeasuredMetric,
  type RankAgreement,
  type RankingId,
  type SelectionInput,
  type SelectionSummary,
} from './summarize-selection.ts';
export { SELECTION_SCHEMA_VERSION, selectionResultJson, type SelectedCandidate, type SelectionResult } from './selection-result.ts';
