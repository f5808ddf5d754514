// Get-or-create of experiments by name: stable across calls and sink instances, converging under
// concurrent creation, finding experiments MLflow itself wrote, refusing names of deleted experiments.
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentIdForName, listExperiments } from '../../tracking/experiments.ts';
import { FileStoreSink } from '../../tracking/file-store.ts';
import { TrackingError } from '../../tracking/errors.ts';
import { tempDir } from './temp-store.ts';

async function newRoot(): Promise<string> {
  return join(await tempDir('experiments'), 'mlruns');
}

describe('getOrCreateExperiment', () => {
  it('returns the same id on a second call and from a second sink instance', async () => {
    const root = await newRoot();
    const first = await new FileStoreSink(root).getOrCreateExperiment('kl-ablation');
    const sink = new FileStoreSink(root);
    expect(await sink.getOrCreateExperiment('kl-ablation')).toBe(first);
    expect(await sink.getOrCreateExperiment('kl-ablation')).toBe(first);
    expect(await sink.getOrCreateExperiment('other')).not.toBe(first);
    const names = (await listExperiments(root)).map((e) => e.name).sort();
    expect(names).toEqual(['Default', 'kl-ablation', 'other']);
  });

  it('converges on one experiment when many sinks create the same name at once', async () => {
    const root = await newRoot();
    const sinks = Array.from({ length: 8 }, () => new FileStoreSink(root));
    const ids = await Promise.all(sinks.map((s) => s.getOrCreateExperiment('raced')));
    expect(new Set(ids).size).toBe(1);
    expect((await listExperiments(root)).filter((e) => e.name === 'raced')).toHaveLength(1);
    expect((await readdir(join(root, ids[0]))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('finds an experiment MLflow created with a random id and a legacy integer experiment_id', async () => {
    const root = await newRoot();
    await new FileStoreSink(root).getOrCreateExperiment('seed-store'); // creates root, 0 and .trash
    const dir = join(root, '815375109532648951');
    await mkdir(dir);
    await writeFile(
      join(dir, 'meta.yaml'),
      'artifact_location: file:///elsewhere/815375109532648951\ncreation_time: 1\nexperiment_id: 815375109532648951\n' +
        'last_update_time: 1\nlifecycle_stage: active\nname: from-python\n',
    );
    expect(await new FileStoreSink(root).getOrCreateExperiment('from-python')).toBe('815375109532648951');
  });

  it('skips foreign folders and a model registry folder in the root', async () => {
    const root = await newRoot();
    const sink = new FileStoreSink(root);
    await sink.getOrCreateExperiment('a');
    await mkdir(join(root, 'models', 'm1'), { recursive: true });
    await mkdir(join(root, 'half-created'));
    expect((await listExperiments(root)).map((e) => e.name).sort()).toEqual(['Default', 'a']);
  });

  it('refuses a name whose experiment was deleted (moved to .trash), as MLflow does', async () => {
    const root = await newRoot();
    const sink = new FileStoreSink(root);
    const id = await sink.getOrCreateExperiment('gone');
    await rename(join(root, id), join(root, '.trash', id));
    const error = await sink.getOrCreateExperiment('gone').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackingError);
    expect((error as TrackingError).code).toBe('DELETED');
    expect((error as TrackingError).message).toContain(`mlflow experiments restore --experiment-id ${id}`);
    await expect(sink.createRun(id, { runName: 'x' })).rejects.toMatchObject({ code: 'DELETED' });
  });

  it('derives 18-digit ids like MLflow, probing another id on a collision', async () => {
    expect(experimentIdForName('kl-ablation')).toMatch(/^[1-9][0-9]{17}$/);
    expect(experimentIdForName('kl-ablation', 1)).not.toBe(experimentIdForName('kl-ablation'));
    const root = await newRoot();
    const sink = new FileStoreSink(root);
    await sink.getOrCreateExperiment('seed-store');
    const squatted = experimentIdForName('victim');
    await mkdir(join(root, squatted));
    await writeFile(
      join(root, squatted, 'meta.yaml'),
      `artifact_location: file:///x\ncreation_time: 1\nexperiment_id: '${squatted}'\nlast_update_time: 1\nlifecycle_stage: active\nname: squatter\n`,
    );
    expect(await sink.getOrCreateExperiment('victim')).toBe(experimentIdForName('victim', 1));
  });

  it('rejects empty names and unknown experiment ids', async () => {
    const sink = new FileStoreSink(await newRoot());
    await expect(sink.getOrCreateExperiment('')).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    await sink.getOrCreateExperiment('a');
    await expect(sink.createRun('123', { runName: 'r' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sink.createRun('../etc', { runName: 'r' })).rejects.toMatchObject({ code: 'INVALID_VALUE' });
  });
});
