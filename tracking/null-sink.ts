// The sink for tracking URI '' or 'none': stores nothing, but still applies MLflow's key, length and
// param-immutability rules, so switching tracking on never surfaces errors a dry run hid.
import { stringifyParamValue } from './flatten.ts';
import { TrackingError } from './errors.ts';
import { validateExperimentName, validateKey, validateValueLength } from './names.ts';
import type { CreateRunOptions, EndStatus, MetricPoint, ParamValue, TrackedRun, TrackingSink } from './sink.ts';

class NullTrackedRun implements TrackedRun {
  private readonly params = new Map<string, string>();

  constructor(
    readonly runId: string,
    readonly experimentId: string,
  ) {}

  async logParams(params: Record<string, ParamValue>): Promise<void> {
    for (const [key, raw] of Object.entries(params)) {
      validateKey('param', key);
      const value = stringifyParamValue(raw);
      validateValueLength('param', key, value);
      const logged = this.params.get(key);
      if (logged !== undefined && logged !== value) {
        throw new TrackingError('PARAM_CHANGED', `Param '${key}' was already logged as '${logged}'; it cannot change to '${value}'.`);
      }
      this.params.set(key, value);
    }
  }

  async logMetrics(points: MetricPoint[]): Promise<void> {
    for (const point of points) validateKey('metric', point.key);
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(tags)) {
      validateKey('tag', key);
      validateValueLength('tag', key, value);
    }
  }

  async logArtifact(_relativePath: string, _content: string | Uint8Array): Promise<void> {}

  async logArtifactFile(_relativePath: string, _sourcePath: string): Promise<void> {}

  async end(_status: EndStatus, _endTime?: number): Promise<void> {}
}

export class NullSink implements TrackingSink {
  private runCount = 0;

  describe(): string {
    return 'no tracking';
  }

  async getOrCreateExperiment(name: string): Promise<string> {
    validateExperimentName(name);
    return 'untracked';
  }

  async createRun(experimentId: string, options: CreateRunOptions): Promise<TrackedRun> {
    this.runCount += 1;
    const run = new NullTrackedRun(`untracked-${this.runCount}`, experimentId);
    await run.setTags({ ...options.tags, 'mlflow.runName': options.runName });
    return run;
  }

  async findRunByTag(_experimentId: string, _key: string, _value: string): Promise<string | undefined> {
    return undefined;
  }

  async resumeRun(experimentId: string, runId: string): Promise<TrackedRun> {
    return new NullTrackedRun(runId, experimentId);
  }
}
