import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadSpecFile, planJobs, validateSpec } from '../../dsl/index.ts';
import type { ExperimentSpec } from '../../dsl/index.ts';

// STYLE principle 7: every spec shipped under experiments/ validates and plans.
const EXPERIMENTS = join(import.meta.dirname, '..', '..', 'experiments');
const shipped = existsSync(EXPERIMENTS) ? readdirSync(EXPERIMENTS).filter((f) => /\.(ya?ml|m?ts)$/.test(f)) : [];

describe('specs shipped in experiments/', () => {
  it.skipIf(shipped.length === 0).each(shipped)('%s validates and plans, with every profile', async (file) => {
    const loaded = await loadSpecFile(join(EXPERIMENTS, file));
    expect(validateSpec(loaded).map(formatIssue)).toEqual([]);
    const spec = loaded.raw as ExperimentSpec;
    for (const profile of [undefined, ...Object.keys(spec.profiles ?? {})]) {
      expect(planJobs(spec, { profile }).length).toBeGreaterThan(0);
    }
  });
});
