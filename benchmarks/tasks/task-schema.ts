// JSON Schemas of a task YAML file (ajv): the task fields, the common `phantom` fields, and per phantom
// generator the sign parameters it understands, so a misspelt or out-of-range sign fails at startup.
import { TASK_METRIC_IDS } from './task.ts';

type Schema = Record<string, unknown>;

const probability: Schema = { type: 'number', minimum: 0, maximum: 1 };
const pair = (item: Schema): Schema => ({ type: 'array', items: item, minItems: 2, maxItems: 2 });
/** [min, max]; the order is checked after the schema (task-checks.ts). */
const range = (item: Schema = { type: 'number' }): Schema => pair(item);

export const TASK_FILE_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'title', 'modality', 'anatomy', 'labels', 'output', 'primaryMetric', 'metrics', 'unit', 'source'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    version: { type: 'integer', minimum: 1 },
    title: { type: 'string', minLength: 1 },
    modality: { enum: ['xray', 'mri'] },
    anatomy: { type: 'string', minLength: 1 },
    labels: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 2 },
    output: { enum: ['multiclass', 'ordinal', 'binary'] },
    primaryMetric: { enum: [...TASK_METRIC_IDS] },
    metrics: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'higherIsBetter'],
        properties: { id: { enum: [...TASK_METRIC_IDS] }, higherIsBetter: { type: 'boolean' } },
      },
    },
    unit: { enum: ['image', 'exam'] },
    source: { type: 'string', minLength: 1 },
    phantom: {
      type: 'object',
      additionalProperties: false,
      required: ['generator', 'prevalence', 'labelNoise', 'imagesPerPatient', 'sites', 'signs'],
      properties: {
        generator: { enum: ['knee-radiograph', 'knee-prognosis', 'knee-mri', 'hip-mri', 'shoulder-mri', 'ankle-mri'] },
        prevalence: { type: 'array', items: { type: 'number', exclusiveMinimum: 0, maximum: 1 } },
        labelNoise: { type: 'number', minimum: 0, maximum: 0.5 },
        imagesPerPatient: { type: 'integer', minimum: 1, maximum: 256 },
        sites: { type: 'integer', minimum: 1, maximum: 32 },
        planes: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { sagittal: probability, coronal: probability, axial: probability },
        },
        signs: { type: 'object' },
      },
    },
  },
};

/** Findings each MRI phantom can place; `phantom.signs.finding` must be one of its generator's. */
export const MRI_FINDINGS: Readonly<Record<string, readonly string[]>> = {
  'knee-mri': ['acl-tear', 'pcl-tear', 'mcl-tear', 'lcl-tear', 'meniscus-tear', 'cartilage-lesion', 'bone-contusion'],
  'hip-mri': ['labrum-tear'],
  'shoulder-mri': ['cuff-tear'],
  'ankle-mri': ['atfl-tear', 'cfl-tear'],
};

function mriSignsSchema(generator: string): Schema {
  const findings = MRI_FINDINGS[generator];
  return {
    type: 'object',
    additionalProperties: false,
    required: ['finding'],
    properties: {
      finding: { enum: [...findings] },
      partialShare: probability,
      mimicShare: probability,
      gapMm: range({ type: 'number', minimum: 0 }),
      thickening: range({ type: 'number', minimum: 1 }),
      signalGain: range({ type: 'number', minimum: 0, maximum: 1 }),
      oedema: range({ type: 'number', minimum: 0, maximum: 1 }),
      lesionMm: range({ type: 'number', minimum: 0 }),
      courseFlattenDeg: range({ type: 'number', minimum: 0, maximum: 60 }),
      tearLineMm: range({ type: 'number', minimum: 0 }),
      truncation: range({ type: 'number', minimum: 0, maximum: 1 }),
      effusion: pair(probability),
      coFindings: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(findings.map((f) => [f, pair(probability)])),
      },
    },
  };
}

/** Sign parameters per generator; keys listed in RANGE_KEYS are [min, max] ranges. */
export const SIGN_SCHEMAS: Readonly<Record<string, Schema>> = {
  'knee-radiograph': { type: 'object', additionalProperties: false, properties: {} },
  'knee-prognosis': {
    type: 'object',
    additionalProperties: false,
    required: ['outcome', 'horizonYears'],
    properties: {
      outcome: { enum: ['kl-grade', 'tkr'] },
      horizonYears: { type: 'number', exclusiveMinimum: 0, maximum: 20 },
      baselinePrevalence: { type: 'array', items: probability, minItems: 5, maxItems: 5 },
      fastProgressorShare: probability,
      slowRate: pair({ type: 'number', minimum: 0 }),
      fastRate: pair({ type: 'number', minimum: 0 }),
      futureSpread: { type: 'number', minimum: 0 },
      presentEvidenceYears: { type: 'number', minimum: 0, maximum: 20 },
      ageYears: range({ type: 'number', minimum: 18, maximum: 100 }),
      boneLossPerDecade: { type: 'number', minimum: 0, maximum: 0.5 },
      risk: {
        type: 'object',
        additionalProperties: false,
        required: ['intercept', 'perGrade', 'perDecade', 'perProgression'],
        properties: {
          intercept: { type: 'number' },
          perGrade: { type: 'number' },
          perDecade: { type: 'number' },
          perProgression: { type: 'number' },
        },
      },
    },
  },
  'knee-mri': mriSignsSchema('knee-mri'),
  'hip-mri': mriSignsSchema('hip-mri'),
  'shoulder-mri': mriSignsSchema('shoulder-mri'),
  'ankle-mri': mriSignsSchema('ankle-mri'),
};

/** Sign keys that hold [min, max] ranges. */
export const RANGE_KEYS: readonly string[] = [
  'gapMm', 'thickening', 'signalGain', 'oedema', 'lesionMm', 'courseFlattenDeg', 'tearLineMm', 'truncation', 'ageYears',
];
