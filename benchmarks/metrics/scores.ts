// Entry point of the score-based metrics (probabilities or scores, not hard labels), each checked against
// scikit-learn or the paper's definition; degenerate input yields a Degenerate result with its reason.
export { metricValue, type MetricCaveat, type MetricResult, type MetricValue } from './metric-result.ts';
export { binaryAuroc, multiclassAurocOvr } from './auroc.ts';
export { averagePrecision, multiclassAveragePrecision } from './average-precision.ts';
export type { OneVsRestResult } from './one-vs-rest.ts';
export { sensitivitySpecificityAt, youdenOperatingPoint, type OperatingPoint, type YoudenPoint } from './operating-point.ts';
export { binaryBrierScore, multiclassBrierScore } from './brier.ts';
export { binaryExpectedCalibrationError, expectedCalibrationError, type CalibrationResult, type ReliabilityBin } from './calibration.ts';
export { makeAurocIndexStatistic, makeOvrAurocIndexStatistic } from './resampled-auroc.ts';
