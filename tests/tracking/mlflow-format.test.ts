// Byte-level parity with what MLflow writes, against the PyYAML/Python fixture built from MLflow's source
// (scripts/fixtures/mlflow_file_store.py; mlflow/store/tracking/file_store.py, yaml_utils.write_yaml,
// file_utils.path_to_local_file_uri, validation.py). Exact string equality unless stated.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pathToFileUri } from '../../tracking/file-uri.ts';
import { experimentMetaRecord, runMetaRecord, RUN_STATUS_CODES, SOURCE_TYPE_LOCAL, type RunInfo } from '../../tracking/meta-records.ts';
import { formatYamlString, toMlflowYaml } from '../../tracking/mlflow-yaml.ts';
import { MAX_ENTITY_KEY_LENGTH, MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH, validateKey } from '../../tracking/names.ts';
import { formatPythonFloat } from '../../tracking/python-float.ts';
import { fixture, parsePythonFloat } from './mlflow-fixture.ts';

describe('meta.yaml text', () => {
  it('experiment meta.yaml equals PyYAML output of dict(Experiment) minus tags', () => {
    for (const c of [fixture.experiment, fixture.defaultExperiment]) {
      const m = c.meta;
      const record = experimentMetaRecord({
        experimentId: m.experiment_id as string,
        name: m.name as string,
        artifactLocation: m.artifact_location as string,
        lifecycleStage: 'active',
        creationTime: m.creation_time as number,
        lastUpdateTime: m.last_update_time as number,
      });
      expect(toMlflowYaml(record)).toBe(c.yaml);
    }
  });

  it('run meta.yaml equals _make_persisted_run_info_dict at creation, after the runName tag, and at each end status', () => {
    const m = fixture.run.created.meta;
    const info: RunInfo = {
      runId: m.run_id as string,
      experimentId: m.experiment_id as string,
      runName: m.run_name as string,
      userId: m.user_id as string,
      status: 'RUNNING',
      startTime: m.start_time as number,
      endTime: null,
      artifactUri: m.artifact_uri as string,
      lifecycleStage: 'active',
    };
    expect(toMlflowYaml(runMetaRecord(info, true))).toBe(fixture.run.created.yaml);
    expect(toMlflowYaml(runMetaRecord(info, false))).toBe(fixture.run.afterCreate.yaml);
    for (const status of ['FINISHED', 'FAILED', 'KILLED'] as const) {
      const ended = fixture.run.ended[status];
      const record = runMetaRecord({ ...info, status, endTime: ended.meta.end_time as number }, false);
      expect(toMlflowYaml(record)).toBe(ended.yaml);
    }
  });

  it('status codes and source type match mlflow.entities', () => {
    expect(RUN_STATUS_CODES).toEqual(fixture.constants.runStatus);
    expect(SOURCE_TYPE_LOCAL).toBe(fixture.constants.sourceTypeLocal);
    expect([MAX_ENTITY_KEY_LENGTH, MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH]).toEqual([
      fixture.constants.maxEntityKeyLength,
      fixture.constants.maxParamValueLength,
      fixture.constants.maxTagValueLength,
    ]);
  });
});

describe('YAML string styling vs PyYAML', () => {
  // Known, harmless divergences: PyYAML folds lines past 80 columns and writes line breaks as folded
  // single-quoted text; we keep one line and use double quotes. The loaded value is the same.
  const unfolded = (s: string) => s.length > 70 || /[\n\u0085\u2028\u2029]/.test(s);

  it('styles every one-line string exactly as PyYAML does', () => {
    const cases = fixture.yamlStrings.filter((c) => !unfolded(c.value));
    expect(cases.length).toBeGreaterThan(50);
    for (const c of cases) expect(`name: ${formatYamlString(c.value)}\n`, JSON.stringify(c.value)).toBe(c.yaml);
  });

  it('writes the remaining strings so that a YAML 1.1 reader gets the same value back', () => {
    const cases = fixture.yamlStrings.filter((c) => unfolded(c.value));
    expect(cases.length).toBeGreaterThan(2);
    for (const c of cases) {
      const ours = `name: ${formatYamlString(c.value)}\n`;
      expect(parse(ours, { version: '1.1' }).name, JSON.stringify(c.value)).toBe(c.value);
    }
  });
});

describe('metric lines', () => {
  it('formats values as Python repr (nan, inf, 1e-05, 1e+16, 1.0) like _log_run_metric', () => {
    for (const c of fixture.metricLines) {
      const value = parsePythonFloat(c.value);
      expect(`${c.timestamp} ${formatPythonFloat(value)} ${c.step}\n`, c.value).toBe(c.line);
    }
  });
});

describe('file URIs', () => {
  it('percent-encodes paths like pathlib.Path.as_uri()', () => {
    for (const c of fixture.fileUris) expect(pathToFileUri(c.path)).toBe(c.uri);
  });
});

describe('key validation vs validation.py', () => {
  // Deliberate deviation: Python's `$` matches before a final newline, so MLflow accepts "ab\n"; we do not.
  const deliberate = new Set(['ab\n']);

  it('accepts and rejects the same keys as MLflow', () => {
    for (const { key, valid } of fixture.keyValidity) {
      const accepted = (() => {
        try {
          validateKey('metric', key);
          return true;
        } catch {
          return false;
        }
      })();
      expect(accepted, JSON.stringify(key)).toBe(deliberate.has(key) ? false : valid);
    }
  });
});
