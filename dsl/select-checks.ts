// Semantic rules of the `select` section (`bench select`): candidate names are unique, each init is a form the
// command can load, a candidate's patches tile the images, and the task is a registered one.
import { closestMatch, didYouMeanSuffix } from './did-you-mean.ts';
import type { Finding } from './finding.ts';
import { formatValue } from './finding.ts';
import { isPlainObject } from './json-pointer.ts';
import { arrayAt, numberAt, stringAt } from './semantic-values.ts';

const CANDIDATES = '/select/candidates';
const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/; // two or more letters, so "C:\runs" stays a path
const JOB_PREFIX = 'job:';

export function selectFindings(resolved: unknown, knownTasks: readonly string[] | undefined): Finding[] {
  return [...candidateFindings(resolved), ...selectTaskFindings(resolved, knownTasks)];
}

function candidateFindings(resolved: unknown): Finding[] {
  const candidates = arrayAt(resolved, CANDIDATES) ?? [];
  const findings: Finding[] = [];
  const firstIndexOfName = new Map<string, number>();
  candidates.forEach((candidate, index) => {
    if (!isPlainObject(candidate)) return;
    const path = `${CANDIDATES}/${index}`;
    const { name, init } = candidate;
    if (typeof name === 'string') {
      const first = firstIndexOfName.get(name);
      if (first === undefined) firstIndexOfName.set(name, index);
      else findings.push({ path: `${path}/name`, message: `duplicate candidate name ${formatValue(name)} (also at index ${first})` });
    }
    if (typeof init === 'string') findings.push(...initFindings(`${path}/init`, init));
    findings.push(...patchFindings(resolved, path, candidate));
  });
  return findings;
}

function initFindings(path: string, init: string): Finding[] {
  const expected = `must be "random", the path of an orthobench checkpoint or "job:<spec path>" (got ${formatValue(init)})`;
  if (init.trim() === '') return [{ path, message: expected }];
  const scheme = URL_SCHEME.exec(init)?.[1];
  if (scheme === 'job') return init.slice(JOB_PREFIX.length).trim() === '' ? [{ path, message: `names no spec: write "job:<spec path>" (got ${formatValue(init)})` }] : [];
  if (scheme === undefined || scheme === 'file') return [];
  const suggestion = closestMatch(scheme, ['job']) === undefined ? undefined : `job:${init.slice(scheme.length + 1)}`;
  return [{ path, message: expected + didYouMeanSuffix(suggestion), suggestion }];
}

/** A job candidate without its own patch size takes the job's, which is only known when `bench select` loads it. */
function patchFindings(resolved: unknown, path: string, candidate: Record<string, unknown>): Finding[] {
  const own = typeof candidate.patchSize === 'number' ? candidate.patchSize : undefined;
  const isJob = typeof candidate.init === 'string' && candidate.init.startsWith(JOB_PREFIX);
  const patch = own ?? (isJob ? undefined : numberAt(resolved, '/backbone/patchSize'));
  const image = numberAt(resolved, '/data/imageSize');
  if (patch === undefined || image === undefined || image % patch === 0) return [];
  const field = own === undefined ? path : `${path}/patchSize`;
  return [{ path: field, involves: ['/data/imageSize'], message: `data.imageSize ${image} is not a multiple of this candidate's patch size ${patch}` }];
}

function selectTaskFindings(resolved: unknown, knownTasks: readonly string[] | undefined): Finding[] {
  const path = '/select/task';
  const task = stringAt(resolved, path);
  if (task === undefined || task === '' || knownTasks === undefined || knownTasks.includes(task)) return [];
  const suggestion = closestMatch(task, knownTasks);
  return [{ path, message: `unknown task "${task}"${didYouMeanSuffix(suggestion)} (available: ${knownTasks.join(', ')})`, suggestion }];
}
