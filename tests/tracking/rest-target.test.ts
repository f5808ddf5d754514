// MLFLOW_TRACKING_URI / MLFLOW_EXPERIMENT_NAME fill in only what the spec left at its default.
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../dsl/defaults.ts';
import { DEFAULT_EXPERIMENT_NAME, DEFAULT_TRACKING_URI, resolveTrackingTarget } from '../../tracking/rest/target.ts';

describe('resolveTrackingTarget', () => {
  it('knows the DSL defaults', () => {
    expect(DEFAULT_TRACKING_URI).toBe(DEFAULTS.tracking.uri);
    expect(DEFAULT_EXPERIMENT_NAME).toBe(DEFAULTS.tracking.experiment);
  });

  it('uses the environment where the spec kept the defaults', () => {
    const env = { MLFLOW_TRACKING_URI: 'http://mlflow:5000', MLFLOW_EXPERIMENT_NAME: 'from-env' };
    expect(resolveTrackingTarget('./mlruns', '', env)).toEqual({ uri: 'http://mlflow:5000', experiment: 'from-env', uriSource: 'env', experimentSource: 'env' });
  });

  it('never lets the environment override a value written in the spec', () => {
    const env = { MLFLOW_TRACKING_URI: 'http://mlflow:5000', MLFLOW_EXPERIMENT_NAME: 'from-env' };
    expect(resolveTrackingTarget('none', 'kl-study', env)).toEqual({ uri: 'none', experiment: 'kl-study', uriSource: 'spec', experimentSource: 'spec' });
    expect(resolveTrackingTarget('/data/mlruns', '', env)).toMatchObject({ uri: '/data/mlruns', experiment: 'from-env' });
  });

  it('keeps the defaults when the environment is empty', () => {
    expect(resolveTrackingTarget('./mlruns', '', { MLFLOW_TRACKING_URI: '  ' })).toEqual({ uri: './mlruns', experiment: '', uriSource: 'default', experimentSource: 'default' });
  });
});
