// The committed schema.json (generated from ./types.ts by `npm run schema`) and one ajv validator
// compiled from it on first use, plus lookups of the sub-schema that governs a given field.
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import schemaJson from '../schema.json' with { type: 'json' };
import { isPlainObject, parsePointer } from './json-pointer.ts';

/** The parts of a JSON Schema node this package reads. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  anyOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  required?: string[];
}

export const EXPERIMENT_SCHEMA: SchemaNode = schemaJson as SchemaNode;

let compiled: ValidateFunction | undefined;

/** The ajv validator (allErrors, verbose for the offending values), compiled once per process. */
export function getSchemaValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile(schemaJson);
  return compiled;
}

/** The schema node describing the value at `pointer`, or undefined when no such field can exist. */
export function schemaAt(pointer: string, root: SchemaNode = EXPERIMENT_SCHEMA): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const segment of parsePointer(pointer)) {
    if (node === undefined) return undefined;
    if (node.properties !== undefined && Object.hasOwn(node.properties, segment)) node = node.properties[segment];
    else if (isPlainObject(node.additionalProperties)) node = node.additionalProperties as SchemaNode;
    else if (node.items !== undefined && /^\d+$/.test(segment)) node = node.items;
    else return undefined;
  }
  return node;
}

/** The schema of ExperimentSettings (what profiles override and sweeps may set). */
export function settingsSchema(): SchemaNode {
  const profiles = EXPERIMENT_SCHEMA.properties?.profiles;
  const settings = profiles !== undefined && isPlainObject(profiles.additionalProperties) ? profiles.additionalProperties : undefined;
  if (settings === undefined) throw new Error('schema.json lacks profiles.additionalProperties (ExperimentSettings)');
  return settings as SchemaNode;
}

/** Whether a schema node is a nested group of fields rather than a value. */
export function isGroup(node: SchemaNode): boolean {
  return node.properties !== undefined;
}
