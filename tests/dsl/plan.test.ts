import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, jobIdOf, canonicalJson, loadSpecFile, planJobs, setPath } from '../../dsl/index.ts';
import { computedPart } from '../../dsl/plan.ts';
import type { ExperimentSpec } from '../../dsl/index.ts';

const SPECS = join(import.meta.dirname, '..', 'fixtures', 'specs');

async function fixtureSpec(): Promise<ExperimentSpec> {
  return (await loadSpecFile(join(SPECS, 'valid.yaml'))).raw as ExperimentSpec;
}

/** The same object with keys inserted in reverse order at every level. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix === '' ? key : `${prefix}.${key}`));
}

describe('job ids', () => {
  it('are the first 12 hex digits of sha256 over sorted-key JSON (reference: Python hashlib)', () => {
    // python3: hashlib.sha256(b'{"a":1,"b":[2,{"c":3,"d":"x"}],"e":{"f":null,"g":0.5}}').hexdigest()[:12]
    const value = { e: { g: 0.5, f: null }, b: [2, { d: 'x', c: 3 }], a: 1 };
    expect(canonicalJson(value)).toBe('{"a":1,"b":[2,{"c":3,"d":"x"}],"e":{"f":null,"g":0.5}}');
    expect(jobIdOf(value)).toBe('bf134636ad97');
    expect(jobIdOf({ name: 'é ✓' })).toBe('e793247298b9'); // UTF-8, as json.dumps(ensure_ascii=False)
  });

  it('are stable across runs and across the order fields are written in', async () => {
    const spec = await fixtureSpec();
    const ids = planJobs(spec).map((j) => j.id);
    expect(planJobs(structuredClone(spec)).map((j) => j.id)).toEqual(ids);
    const reordered = reverseKeys({ ...spec, sweep: undefined }) as ExperimentSpec;
    reordered.sweep = spec.sweep; // the sweep's key order is the grid order, so it stays
    expect(planJobs(reordered).map((j) => j.id)).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('change when any single field changes', () => {
    const base = planJobs({ name: 'x' })[0].id;
    const seen = new Set([base]);
    for (const path of [...leafPaths(DEFAULTS), 'name', 'description']) {
      const spec = planJobs({ name: 'x' })[0].spec;
      const mutable = structuredClone(spec);
      const current = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], mutable);
      const changed = typeof current === 'number' ? current + 1 : typeof current === 'string' ? `${current}-changed` : Array.isArray(current) ? [...current, 0.5] : !current;
      setPath(mutable, path, changed);
      const id = jobIdOf(mutable);
      expect(seen.has(id), path).toBe(false);
      seen.add(id);
    }
    expect(seen.size).toBe(leafPaths(DEFAULTS).length + 3);
  });
});

describe('planJobs', () => {
  it('expands the sweep grid in written key order, last key fastest', async () => {
    const jobs = planJobs(await fixtureSpec());
    expect(jobs).toHaveLength(6);
    expect(jobs.map((j) => j.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(jobs.map((j) => j.sweepPoint)).toEqual([
      { 'pretrain.ema.start': 0.99, 'pretrain.crops.local.size': 16 },
      { 'pretrain.ema.start': 0.99, 'pretrain.crops.local.size': 32 },
      { 'pretrain.ema.start': 0.99, 'pretrain.crops.local.size': 48 },
      { 'pretrain.ema.start': 0.996, 'pretrain.crops.local.size': 16 },
      { 'pretrain.ema.start': 0.996, 'pretrain.crops.local.size': 32 },
      { 'pretrain.ema.start': 0.996, 'pretrain.crops.local.size': 48 },
    ]);
    for (const job of jobs) {
      expect(job.spec.pretrain.ema.start).toBe(job.sweepPoint['pretrain.ema.start']);
      expect(job.spec.pretrain.crops.local.size).toBe(job.sweepPoint['pretrain.crops.local.size']);
      expect(job.spec.pretrain.crops.local.count).toBe(6);
      expect(job.spec.tracking.experiment).toBe('kl-ablation');
      expect(job.id).toBe(jobIdOf(computedPart(job.spec)));
    }
    expect(new Set(jobs.map((j) => j.id)).size).toBe(6);
  });

  it('gives one job without a sweep, and a grid of the product of list lengths', () => {
    const [only] = planJobs({ name: 'x' });
    expect(only).toMatchObject({ index: 0, sweepPoint: {} });
    expect(planJobs({ name: 'x', sweep: { seed: [1, 2, 3], 'eval.folds': [2, 5], 'runtime.backend': ['wasm', 'cpu'] } })).toHaveLength(12);
  });

  it('applies the profile under the sweep, so sweep values win', async () => {
    const jobs = planJobs(await fixtureSpec(), { profile: 'smoke' });
    expect(jobs).toHaveLength(6);
    expect(jobs[2].spec.pretrain.crops.local).toEqual({ count: 2, size: 48, scale: [0.05, 0.4] });
    expect(jobs[2].spec.pretrain.steps).toBe(5);
    const baseIds = new Set(planJobs(await fixtureSpec()).map((j) => j.id));
    for (const job of jobs) expect(baseIds.has(job.id)).toBe(false);
  });

  it('refuses grid points that resolve to the same spec', () => {
    expect(() => planJobs({ name: 'x', sweep: { seed: [1, 1] } })).toThrow('sweep points 0 and 1 resolve to the same spec');
  });

  it('returns frozen jobs', () => {
    const [job] = planJobs({ name: 'x' });
    expect(Object.isFrozen(job)).toBe(true);
    expect(Object.isFrozen(job.spec.pretrain.crops.global.scale)).toBe(true);
  });

  it('keeps the job id when only the description, tracking target or gates change', () => {
    const base = planJobs({ name: 'ids' })[0];
    const edited = planJobs({
      name: 'ids',
      description: 'other words',
      tracking: { uri: 'http://127.0.0.1:5000', experiment: 'elsewhere' },
      gates: [{ task: 'kl-grade', metric: 'accuracy', maxDrop: 0.02, alpha: 0.05 }],
    })[0];
    expect(edited.id).toBe(base.id);
    expect(planJobs({ name: 'ids', seed: 1 })[0].id).not.toBe(base.id);
  });

  it('keeps the job id when only the checkpoint interval or the collapse action change (a resumed run finds its checkpoint)', () => {
    const base = planJobs({ name: 'ids' })[0];
    const guarded = planJobs({ name: 'ids', pretrain: { checkpointEvery: 7, collapse: { action: 'stop', patience: 2 } } })[0];
    expect(guarded.id).toBe(base.id);
    expect(computedPart(guarded.spec).pretrain).not.toHaveProperty('checkpointEvery');
    expect(planJobs({ name: 'ids', pretrain: { steps: 301 } })[0].id).not.toBe(base.id);
  });
});
