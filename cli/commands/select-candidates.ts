// Turns the spec's select.candidates into loadable backbones before anything heavy runs: a random init takes its
// architecture from the candidate or the spec's backbone; a checkpoint ("path" or "job:<spec>", in any layout
// runtime/model/checkpoint reads) from the file's config metadata or its tensor shapes (./select-checkpoint.ts).
// Every problem (missing file, unfinished job, wrong architecture) is one SpecError placed at the candidate's field.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SpecError, type SpecIssue } from '../../dsl/issues.ts';
import { isPlainObject, parentPointer, toPointer, tryGetAtPointer } from '../../dsl/json-pointer.ts';
import type { LoadedSpec } from '../../dsl/loaded-spec.ts';
import { VIT_PRESETS } from '../../dsl/presets.ts';
import type { BackbonePreset, InputNormSpec, ResolvedExperiment, SelectCandidateSpec } from '../../dsl/types.ts';
import type { VitConfig } from '../../runtime/model/vit-config.ts';
import { loadExperiment } from '../load-spec.ts';
import type { CheckpointFormat } from '../../runtime/model/checkpoint/checkpoint-format.ts';
import { inputNormOfJobCheckpoint, readCheckpointArchitecture, type CheckpointArchitecture } from './select-checkpoint.ts';

export const MIN_CANDIDATES = 2;
const JOB_PREFIX = 'job:';
const TEACHER_FILE = ['pretrain', 'teacher.safetensors'];

export interface SelectContext {
  loaded: LoadedSpec;
  resolved: ResolvedExperiment;
  /** The profile applied, if any: candidates it writes are located in it. */
  profile?: string;
  /** The results store "job:" candidates are looked up in. */
  runsDir: string;
}

export type CandidateSource = { kind: 'random' } | { kind: 'checkpoint'; path: string; format: CheckpointFormat; jobId?: string };

export interface ResolvedCandidate {
  name: string;
  init: string;
  source: CandidateSource;
  /** Absent for a checkpoint whose width, depth and MLP width match no preset. */
  preset?: BackbonePreset;
  patchSize: number;
  config: VitConfig;
  /** Where the candidate's init is written, to place a later load failure. */
  initLocation: Omit<SpecIssue, 'message'>;
}

export async function resolveCandidates(context: SelectContext): Promise<ResolvedCandidate[]> {
  const candidates: readonly SelectCandidateSpec[] = context.resolved.select.candidates;
  const issues: SpecIssue[] = [];
  if (candidates.length < MIN_CANDIDATES) {
    issues.push(locate(context, candidatesPointer(context), `bench select needs at least ${MIN_CANDIDATES} candidates to rank (got ${candidates.length})`));
  }
  const resolved: ResolvedCandidate[] = [];
  for (const [index, candidate] of candidates.entries()) {
    const found = await resolveCandidate(context, candidate, index);
    if ('issues' in found) issues.push(...found.issues);
    else resolved.push(found);
  }
  if (issues.length > 0) throw new SpecError(issues);
  return resolved;
}

type Resolution = ResolvedCandidate | { issues: SpecIssue[] };

async function resolveCandidate(context: SelectContext, candidate: SelectCandidateSpec, index: number): Promise<Resolution> {
  const { backbone, data } = context.resolved;
  const init = candidate.init ?? backbone.init;
  const at = (field: string, message: string) => locate(context, `${candidatesPointer(context)}/${index}/${field}`, message);
  const initLocation = withoutMessage(at('init', ''));
  if (init === 'random') {
    const preset = candidate.preset ?? backbone.preset;
    const patchSize = candidate.patchSize ?? backbone.patchSize;
    const config = vitConfig(preset, patchSize, data.imageSize, backbone.inputNorm);
    return { name: candidate.name, init, source: { kind: 'random' }, preset, patchSize, config, initLocation };
  }
  const checkpoint = init.startsWith(JOB_PREFIX)
    ? await jobCheckpoint(context, init, (message) => at('init', message))
    : plainCheckpoint(init, backbone.inputNorm, (message) => at('init', message));
  if ('issues' in checkpoint) return checkpoint;
  let architecture: CheckpointArchitecture;
  try {
    architecture = await readCheckpointArchitecture(checkpoint.path, VIT_PRESETS[candidate.preset ?? backbone.preset].heads);
  } catch (error) {
    return { issues: [at('init', (error as Error).message)] };
  }
  const { preset, config: stored } = architecture;
  const issues: SpecIssue[] = [];
  if (candidate.preset !== undefined && candidate.preset !== preset) {
    issues.push(at('preset', `preset ${candidate.preset} does not match the checkpoint ${checkpoint.path} (${architecture.description}); leave it out to use the checkpoint's`));
  }
  if (candidate.patchSize !== undefined && candidate.patchSize !== stored.patchSize) {
    issues.push(at('patchSize', `patch size ${candidate.patchSize} does not match the checkpoint ${checkpoint.path} (patch ${stored.patchSize}); leave it out to use the checkpoint's`));
  } else if (data.imageSize % stored.patchSize !== 0) {
    issues.push(at('init', `data.imageSize ${data.imageSize} is not a multiple of the checkpoint's patch size ${stored.patchSize}`));
  }
  if (issues.length > 0) return { issues };
  const config = withInputNorm(stored, architecture.from === 'config metadata' ? stored.inputNorm ?? null : checkpoint.inputNorm);
  const source: CandidateSource = { kind: 'checkpoint', path: checkpoint.path, format: architecture.format, ...(checkpoint.jobId ? { jobId: checkpoint.jobId } : {}) };
  return { name: candidate.name, init, source, ...(preset ? { preset } : {}), patchSize: stored.patchSize, config, initLocation };
}

/**
 * The checkpoint's backbone with the normalisation it was trained with: the one in its config metadata (absent:
 * none), else its job's, else the spec's. Stochastic depth is dropped: features never use it.
 */
function withInputNorm(config: VitConfig, inputNorm: VitConfig['inputNorm'] | InputNormSpec | null): VitConfig {
  const { inputNorm: _stored, dropPath: _dropPath, ...architecture } = config;
  const norm = inputNorm?.mean !== undefined && inputNorm.std !== undefined ? { inputNorm: { mean: inputNorm.mean, std: inputNorm.std } } : {};
  return { ...architecture, ...norm };
}

interface CheckpointFile {
  path: string;
  jobId?: string;
  /** The normalisation the backbone was trained with; null = none. */
  inputNorm: InputNormSpec | null;
}

function plainCheckpoint(path: string, specNorm: InputNormSpec, at: (message: string) => SpecIssue): CheckpointFile | { issues: SpecIssue[] } {
  if (!existsSync(path)) return { issues: [at(`checkpoint not found: ${path}`)] };
  // A job's teacher carries the normalisation it was trained with in the job's spec.json; other files take the spec's.
  const fromJob = inputNormOfJobCheckpoint(path);
  return { path, inputNorm: fromJob === undefined ? specNorm : fromJob };
}

async function jobCheckpoint(context: SelectContext, init: string, at: (message: string) => SpecIssue): Promise<CheckpointFile | { issues: SpecIssue[] }> {
  const [specPath, query = ''] = init.slice(JOB_PREFIX.length).trim().split('?', 2);
  const profile = new URLSearchParams(query).get('profile') ?? undefined;
  let jobs;
  try {
    ({ jobs } = await loadExperiment(specPath, profile));
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return { issues: [at(`the spec ${specPath} it names is invalid (problems below)`), ...error.issues] };
  }
  if (jobs.length !== 1) {
    const ids = jobs.map((j) => j.id).join(', ');
    return { issues: [at(`${specPath} plans ${jobs.length} jobs (${ids}); name one job's checkpoint instead, e.g. ${join(context.runsDir, jobs[0].id, ...TEACHER_FILE)}`)] };
  }
  const [job] = jobs;
  const path = join(context.runsDir, job.id, ...TEACHER_FILE);
  if (!existsSync(path)) {
    const rerun = `bench run ${specPath}${profile ? ` --profile ${profile}` : ''} --out ${context.runsDir}`;
    return { issues: [at(`job ${job.id} of ${specPath} has no DINO teacher at ${path}: run \`${rerun}\` first`)] };
  }
  return { path, jobId: job.id, inputNorm: job.spec.backbone.inputNorm ?? null };
}

function vitConfig(preset: BackbonePreset, patchSize: number, imageSize: number, inputNorm: InputNormSpec | null): VitConfig {
  const norm = inputNorm?.mean !== undefined && inputNorm.std !== undefined ? { inputNorm: { mean: inputNorm.mean, std: inputNorm.std } } : {};
  return { imageSize, patchSize, ...VIT_PRESETS[preset], ...norm };
}

/** Candidates written in the applied profile are located there, otherwise in the spec's own select section. */
function candidatesPointer(context: SelectContext): string {
  const inProfile = toPointer(['profiles', context.profile ?? '', 'select', 'candidates']);
  const raw = context.loaded.raw;
  return context.profile !== undefined && isPlainObject(raw) && tryGetAtPointer(raw, inProfile) !== undefined ? inProfile : '/select/candidates';
}

/** An issue at the field, or at its nearest parent written in the source (an inherited init sits at its candidate). */
export function locate(context: SelectContext, pointer: string, message: string): SpecIssue {
  const issue: SpecIssue = { file: context.loaded.file, path: pointer, message };
  for (let p: string | undefined = pointer; p !== undefined; p = parentPointer(p)) {
    const position = context.loaded.locate(p);
    if (position !== undefined) return { ...issue, line: position.line, column: position.column };
  }
  return issue;
}

function withoutMessage(issue: SpecIssue): Omit<SpecIssue, 'message'> {
  const { message: _message, ...location } = issue;
  return location;
}
