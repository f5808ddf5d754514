// Generates schema.json from the ExperimentSpec type (ts-json-schema-generator keeps the JSDoc text and
// @minimum/@maximum/@pattern/@asType tags) and injects `default` annotations from dsl/defaults.ts.
// `npm run schema` writes the file; tests/dsl call generateSchema() to detect a stale schema.json.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';
import { DEFAULTS } from '../dsl/defaults.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_PATH = join(ROOT, 'schema.json');

type JsonSchema = Record<string, unknown>;

export function generateSchema(): object {
  const generated = createGenerator({
    path: join(ROOT, 'dsl', 'types.ts'),
    tsconfig: join(ROOT, 'tsconfig.json'),
    type: 'ExperimentSpec',
    expose: 'none', // inline every type: defaults differ between uses of one type (global vs local crops)
    additionalProperties: false,
    jsDoc: 'extended',
    skipTypeCheck: true, // other folders may be mid-edit; dsl/types.ts is checked by tsc in the test suite
    sortProps: false,
  }).createSchema('ExperimentSpec') as JsonSchema;
  const root = hoistRootDefinition(generated);
  injectDefaults(properties(root), DEFAULTS, '');
  return {
    $schema: root.$schema,
    $comment: 'Generated from dsl/types.ts and dsl/defaults.ts by `npm run schema`; do not edit.',
    title: 'orthobench experiment spec',
    ...withoutKey(root, '$schema'),
  };
}

/** The generator emits `{ $ref: "#/definitions/ExperimentSpec", definitions }`; with expose "none" that is the only one. */
function hoistRootDefinition(generated: JsonSchema): JsonSchema {
  const definitions = generated.definitions as Record<string, JsonSchema>;
  const names = Object.keys(definitions);
  if (names.length !== 1 || generated.$ref !== `#/definitions/${names[0]}`) {
    throw new Error(`expected a single inlined definition, got ${names.join(', ')}`);
  }
  return { $schema: generated.$schema, ...definitions[names[0]] };
}

/** Adds `default` to each leaf property that has one in DEFAULTS; a DEFAULTS key absent from the types throws. */
function injectDefaults(schemaProperties: Record<string, JsonSchema>, defaults: object, path: string): void {
  for (const [key, value] of Object.entries(defaults)) {
    const property = schemaProperties[key];
    if (property === undefined) throw new Error(`DEFAULTS${path}.${key} has no field in ExperimentSpec`);
    const isObjectDefault = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (isObjectDefault) injectDefaults(properties(property), value, `${path}.${key}`);
    else property.default = value;
  }
}

function properties(schema: JsonSchema): Record<string, JsonSchema> {
  const found = schema.properties;
  if (typeof found !== 'object' || found === null) throw new Error('expected an object schema with properties');
  return found as Record<string, JsonSchema>;
}

function withoutKey(schema: JsonSchema, key: string): JsonSchema {
  const { [key]: _removed, ...rest } = schema;
  return rest;
}

export function schemaFileText(schema: object): string {
  return JSON.stringify(schema, null, 2) + '\n';
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(SCHEMA_PATH, schemaFileText(generateSchema()));
  console.log(`wrote ${SCHEMA_PATH}`);
}
