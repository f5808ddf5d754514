import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../dsl/index.ts';
import { generateSchema, SCHEMA_PATH } from '../../scripts/generate-schema.ts';

interface Node {
  type?: string | string[];
  properties?: Record<string, Node>;
  additionalProperties?: boolean | Node;
  items?: Node;
  default?: unknown;
  description?: string;
  maximum?: number;
}

// One generation for the whole file: ts-json-schema-generator takes a couple of seconds.
const generated = generateSchema() as Node;

function objectNodes(node: Node, path = ''): [string, Node][] {
  const own: [string, Node][] = node.type === 'object' ? [[path, node]] : [];
  const children = [
    ...Object.entries(node.properties ?? {}).map(([k, child]) => [`${path}/${k}`, child] as const),
    ...(typeof node.additionalProperties === 'object' ? [[`${path}/*`, node.additionalProperties] as const] : []),
    ...(node.items !== undefined ? [[`${path}/[]`, node.items] as const] : []),
  ];
  return [...own, ...children.flatMap(([p, child]) => objectNodes(child, p))];
}

function leaves(node: Node, path = ''): [string, Node][] {
  if (node.properties === undefined) return [[path, node]];
  return Object.entries(node.properties).flatMap(([k, child]) => leaves(child, `${path}/${k}`));
}

describe('schema.json', () => {
  it('is up to date with dsl/types.ts and dsl/defaults.ts', () => {
    const committed: unknown = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
    expect(committed, 'schema.json is stale: run npm run schema').toEqual(generated);
  });

  it('gives a default to every leaf field of ExperimentSettings, taken from DEFAULTS', () => {
    const settingsProperties = { ...generated.properties };
    for (const key of ['name', 'description', 'sweep', 'profiles']) delete settingsProperties[key];
    const settingsLeaves = leaves({ properties: settingsProperties });
    expect(settingsLeaves.length).toBeGreaterThan(40);
    for (const [path, node] of settingsLeaves) {
      expect(node, `${path} has no default`).toHaveProperty('default');
      const fromDefaults = path.slice(1).split('/').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], DEFAULTS);
      expect(node.default, path).toEqual(fromDefaults);
    }
  });

  it('closes every object (additionalProperties false) except the sweep and profile maps', () => {
    for (const [path, node] of objectNodes(generated)) {
      if (path === '/sweep' || path === '/profiles') expect(typeof node.additionalProperties, path).toBe('object');
      else expect(node.additionalProperties, path).toBe(false);
    }
  });

  it('keeps JSDoc descriptions and bounds, and types counts as integers', () => {
    const start = generated.properties!.pretrain.properties!.ema.properties!.start;
    expect(start).toMatchObject({ type: 'number', minimum: 0, maximum: 1, default: DEFAULTS.pretrain.ema.start, description: 'Teacher EMA momentum at step 0.' });
    expect(generated.properties!.eval.properties!.folds).toMatchObject({ type: 'integer', minimum: 2 });
    expect(generated.properties!.name).toMatchObject({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
    const profileStart = (generated.properties!.profiles.additionalProperties as Node).properties!.pretrain.properties!.ema.properties!.start;
    expect(profileStart).not.toHaveProperty('default'); // a profile field defaults to the spec's value, not DEFAULTS
  });
});
