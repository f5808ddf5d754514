// `bench stats`: every family run through the real command on inputs taken from the committed reference fixtures
// (scikit-learn, SciPy, statsmodels values from scripts/fixtures/*.py), never against our own numbers; exit 2
// with the file, column and line on bad input; the --json shape.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { STAT_CATALOG } from '../../benchmarks/stats-catalog/catalog.ts';
import { CLOSED_FORM, ITERATIVE, expectClose, inferenceReference } from '../benchmarks/inference-reference.ts';
import { statsReference } from '../benchmarks/stats-reference.ts';
import { readFileSync } from 'node:fs';
import { datasetOf, REFERENCE_TOLERANCE, transferabilityReference } from '../benchmarks/transferability/transferability-reference.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
type Reference = { statistic: number; pValue: number };
const clusteredDelongReference = JSON.parse(readFileSync(new URL('../fixtures/clustered-delong.json', import.meta.url), 'utf8')) as {
  cases: Array<{ groups: number[]; labels: number[]; scoresA: number[]; scoresB: number[]; aucA: number; aucB: number; pValue: number }>;
};
const signFlipReference = JSON.parse(readFileSync(new URL('../fixtures/cluster-sign-flip.json', import.meta.url), 'utf8')) as {
  cases: Array<{ groups: string[]; correctA: boolean[]; correctB: boolean[]; p: number; statistic: number; informativeClusters: number }>;
};
const clusteredReference = JSON.parse(readFileSync(new URL('../fixtures/clustered-mcnemar.json', import.meta.url), 'utf8')) as {
  cases: Array<{ groups: number[]; correctA: number[]; correctB: number[]; yang: Reference; obuchowski: Reference; durkalski: Reference }>;
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

interface StatsJson {
  name: string;
  method: string;
  n: number;
  statistic: { name: string; value: number | null } | null;
  pValue: number | null;
  ci: { lower: number | string; upper: number | string; confidence: number; method: string } | null;
  effect: { name: string; value: number; ci?: [number, number] } | null;
  details: Record<string, number | string | boolean | null>;
  tables: Array<{ title: string; head: string[]; rows: Array<Array<number | string | boolean | null>> }>;
  notes: string[];
  options: Record<string, unknown>;
}

let fileCount = 0;
function writeJson(columns: Record<string, unknown>): string {
  const file = join(dir, `input-${fileCount++}.json`);
  writeFileSync(file, JSON.stringify(columns));
  return file;
}

function writeCsv(header: string[], rows: Array<Array<number | string>>): string {
  const file = join(dir, `input-${fileCount++}.csv`);
  writeFileSync(file, [header.join(','), ...rows.map((row) => row.map(String).join(','))].join('\n') + '\n');
  return file;
}

async function bench(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'bench', 'stats', ...args]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

async function stats(args: string[]): Promise<StatsJson> {
  const result = await bench([...args, '--json']);
  if (result.code !== 0) throw new Error(`bench stats ${args.join(' ')} exited ${result.code}: ${result.err}`);
  return JSON.parse(result.out) as StatsJson;
}

function valueOf(result: StatsJson): number {
  const value = result.statistic?.value;
  if (typeof value !== 'number') throw new Error(`${result.name}: no statistic value (${result.notes.join('; ')})`);
  return value;
}

describe('metrics from labels and predictions vs scikit-learn', () => {
  const c = statsReference.classification[0];
  const json = writeJson({ labels: c.yTrue, predictions: c.yPred });
  const csv = writeCsv(['labels', 'predictions'], c.yTrue.map((y, i) => [y, c.yPred[i]]));

  it.each([
    ['accuracy', c.accuracy],
    ['balanced-accuracy', c.balancedAccuracy],
    ['macro-f1', c.macroF1Present],
    ['quadratic-kappa', c.quadraticKappa ?? Number.NaN],
  ])('%s (JSON and CSV give the same value)', async (name, expected) => {
    expectClose(valueOf(await stats([name, json, '--classes', String(c.k)])), expected, CLOSED_FORM, name);
    expectClose(valueOf(await stats([name, csv, '--classes', String(c.k)])), expected, CLOSED_FORM, `${name} csv`);
  });

  it('per-class-f1 and confusion-matrix tables', async () => {
    const f1 = await stats(['per-class-f1', json, '--classes', String(c.k)]);
    f1.tables[0].rows.forEach((row, k) => expectClose(row[1] as number, c.perClassF1[k], CLOSED_FORM, `F1 class ${k}`));
    const matrix = await stats(['confusion-matrix', csv, '--classes', String(c.k)]);
    expect(matrix.tables[0].rows.map((row) => row.slice(1))).toEqual(c.confusion);
  });
});

describe('score metrics vs scikit-learn and the Guo et al. ECE loop', () => {
  const b = inferenceReference.binaryScores[0];
  const binary = writeCsv(['labels', 'scores'], b.yTrue.map((y, i) => [y, b.prob[i]]));
  const m = inferenceReference.multiclassScores[0];
  const multiclass = writeCsv(['labels', ...Array.from({ length: m.k }, (_, j) => `p${j}`)], m.yTrue.map((y, i) => [y, ...m.proba[i]]));

  it.each([
    ['auroc', b.auroc, m.aurocOvr],
    ['auprc', b.averagePrecision, m.averagePrecisionMacro],
    ['brier', b.brier, m.brier],
    ['ece', b.ece, m.ece],
  ])('%s: binary scores and k-class probabilities (p0…p4 columns)', async (name, binaryExpected, multiclassExpected) => {
    expectClose(valueOf(await stats([name, binary])), binaryExpected, CLOSED_FORM, `${name} binary`);
    expectClose(valueOf(await stats([name, multiclass])), multiclassExpected, CLOSED_FORM, `${name} multiclass`);
  });

  it('sensitivity-specificity at the Youden point and at a fixed threshold', async () => {
    const youden = await stats(['sensitivity-specificity', binary]);
    expectClose(valueOf(youden), b.youden.youdenJ, CLOSED_FORM, 'J');
    expect(youden.details).toMatchObject({ threshold: b.youden.threshold });
    expectClose(youden.details.sensitivity as number, b.youden.sensitivity, CLOSED_FORM, 'sensitivity');
    expectClose(youden.details.specificity as number, b.youden.specificity, CLOSED_FORM, 'specificity');
    const fixed = await stats(['sensitivity-specificity', binary, '--method', 'threshold', '--threshold', String(b.threshold)]);
    expect(fixed.details).toMatchObject({ truePositives: b.atThreshold.truePositives, falsePositives: b.atThreshold.falsePositives });
    expectClose(fixed.details.sensitivity as number, b.atThreshold.sensitivity, CLOSED_FORM, 'sensitivity at t');
    expectClose(fixed.details.specificity as number, b.atThreshold.specificity, CLOSED_FORM, 'specificity at t');
  });
});

describe('intervals', () => {
  it('bootstrap-ci percentile: within the stated tolerance of scipy.stats.bootstrap', async () => {
    const c = statsReference.bootstrap.find((x) => x.statistic === 'mean')!;
    const file = writeJson({ values: c.values });
    const args = ['--metric', 'mean', '--resamples', String(c.resamples), '--confidence', String(c.confidence), '--seed', '11'];
    const result = await stats(['bootstrap-ci', file, ...args]);
    expect(result.method).toBe('percentile bootstrap over samples');
    expect(Math.abs((result.ci!.lower as number) - c.lower)).toBeLessThanOrEqual(c.tolerance);
    expect(Math.abs((result.ci!.upper as number) - c.upper)).toBeLessThanOrEqual(c.tolerance);
  });

  it('bootstrap-ci --method bca: within the stated tolerance of scipy BCa for the skewed sd', async () => {
    const c = inferenceReference.bcaScipy.find((x) => x.statistic === 'std')!;
    const file = writeJson({ values: c.values });
    const result = await stats(['bootstrap-ci', file, '--method', 'bca', '--metric', 'std', '--resamples', String(c.resamples), '--seed', '17']);
    expect(result.method).toBe('bca bootstrap over samples');
    expect(Math.abs((result.ci!.lower as number) - c.lower)).toBeLessThanOrEqual(c.tolerance);
    expect(Math.abs((result.ci!.upper as number) - c.upper)).toBeLessThanOrEqual(c.tolerance);
  });

  it('bootstrap-ci resamples patients when "groups" is given', async () => {
    const c = inferenceReference.binaryScores[0];
    const file = writeJson({ labels: c.yTrue, scores: c.prob, groups: c.yTrue.map((_, i) => `p${Math.floor(i / 4)}`) });
    const result = await stats(['bootstrap-ci', file, '--resamples', '200']);
    expect(result.method).toBe('percentile bootstrap over patients ("groups")');
    expect(result.details).toMatchObject({ metric: 'auroc', patients: 50 });
    expectClose(valueOf(result), c.auroc, CLOSED_FORM, 'estimate');
  });

  it('delong: one AUROC CI, and the paired test when scoresB is given (pROC values)', async () => {
    const c = inferenceReference.delong[0];
    const single = await stats(['delong', writeJson({ labels: c.yTrue, scores: c.scoresA }), '--confidence', String(c.confidence)]);
    expectClose(valueOf(single), c.aucA, CLOSED_FORM, 'AUC');
    expectClose(single.ci!.lower as number, c.ciA[0], ITERATIVE, 'CI lower');
    expectClose(single.ci!.upper as number, c.ciA[1], ITERATIVE, 'CI upper');
    const paired = await stats(['delong', writeJson({ labels: c.yTrue, scores: c.scoresA, scoresB: c.scoresB }), '--confidence', String(c.confidence)]);
    expectClose(valueOf(paired), c.z, ITERATIVE, 'z');
    expectClose(paired.pValue!, c.pValue, ITERATIVE, 'p');
    expectClose(paired.effect!.ci![0], c.differenceCi[0], ITERATIVE, 'Δ CI lower');
    expectClose(paired.effect!.ci![1], c.differenceCi[1], ITERATIVE, 'Δ CI upper');
  });
});

describe('paired tests', () => {
  it.each([
    ['exact', 'exactP'],
    ['mid-p', 'midP'],
    ['chi2-cc', 'chi2P'],
  ] as const)('mcnemar --method %s vs statsmodels, from per-sample predictions', async (method, key) => {
    const c = statsReference.mcnemar[5];
    const { bothCorrect, onlyA, onlyB, bothWrong } = c.table;
    const rows: Array<[number, number]> = [
      ...Array.from({ length: bothCorrect }, (): [number, number] => [1, 1]),
      ...Array.from({ length: onlyA }, (): [number, number] => [1, 0]),
      ...Array.from({ length: onlyB }, (): [number, number] => [0, 1]),
      ...Array.from({ length: bothWrong }, (): [number, number] => [0, 0]),
    ];
    const file = writeCsv(['labels', 'predictions', 'predictionsB'], rows.map(([a, b]) => [1, a, b]));
    const result = await stats(['mcnemar', file, '--method', method]);
    expectClose(result.pValue!, c[key] ?? Number.NaN, CLOSED_FORM, method);
    expect(result.details).toMatchObject({ b: onlyA, c: onlyB });
    expectClose(result.effect!.value, (onlyA - onlyB) / rows.length, CLOSED_FORM, 'accuracy difference');
  });

  it.each(['yang', 'obuchowski', 'durkalski'] as const)('mcnemar-clustered --method %s vs R clust.bin.pair, from per-sample predictions', async (method) => {
    const c = clusteredReference.cases[1];
    const rows = c.groups.map((g, i) => [1, c.correctA[i], c.correctB[i], `patient-${g}`]);
    const result = await stats(['mcnemar-clustered', writeCsv(['labels', 'predictions', 'predictionsB', 'groups'], rows), '--method', method]);
    expectClose(valueOf(result), c[method].statistic, CLOSED_FORM, 'chi2');
    expectClose(result.pValue!, c[method].pValue, CLOSED_FORM, 'p');
    expect(result.details).toMatchObject({ patients: new Set(c.groups).size });
  });

  it('mcnemar-clustered --method sign-flip: the exact patient-level randomisation test vs brute-force enumeration', async () => {
    const c = signFlipReference.cases[2];
    const rows = c.groups.map((g, i) => [1, c.correctA[i] ? 1 : 0, c.correctB[i] ? 1 : 0, g]);
    const result = await stats(['mcnemar-clustered', writeCsv(['labels', 'predictions', 'predictionsB', 'groups'], rows), '--method', 'sign-flip']);
    expectClose(result.pValue!, c.p, CLOSED_FORM, 'p');
    expectClose(valueOf(result), c.statistic, CLOSED_FORM, 'b − c');
    expectClose(result.effect!.value, c.statistic / c.groups.length, CLOSED_FORM, 'accuracy difference');
    expect(result.details).toMatchObject({ patients: new Set(c.groups).size, informativePatients: c.informativeClusters });
  });

  it('delong with a groups column: the clustered paired test vs the DIDSR doAUCcluster reference', async () => {
    const c = clusteredDelongReference.cases[0];
    const result = await stats(['delong', writeJson({ labels: c.labels, scores: c.scoresA, scoresB: c.scoresB, groups: c.groups.map((g) => `patient-${g}`) })]);
    expectClose(result.pValue!, c.pValue, CLOSED_FORM, 'p');
    expectClose(result.effect!.value, c.aucA - c.aucB, CLOSED_FORM, 'AUROC difference');
    expect(result.details).toMatchObject({ patients: new Set(c.groups).size });
  });

  it('mcnemar-clustered without a groups column is bad input naming the column', async () => {
    const file = writeCsv(['labels', 'predictions', 'predictionsB'], [[1, 1, 0], [0, 0, 0]]);
    const out = await bench(['mcnemar-clustered', file]);
    expect(out.code).toBe(2);
    expect(out.err).toMatch(/column "groups" \(the patient of each sample\) is required/);
  });

  it('paired-t vs scipy ttest_rel, two-sided and one-sided (open bound printed as "Infinity")', async () => {
    const [two, greater] = inferenceReference.pairedT;
    const result = await stats(['paired-t', writeJson({ values: two.a, valuesB: two.b })]);
    expectClose(valueOf(result), two.statistic, ITERATIVE, 't');
    expectClose(result.pValue!, two.pValue, ITERATIVE, 'p');
    expectClose(result.ci!.lower as number, two.ci[0]!, ITERATIVE, 'CI lower');
    expectClose(result.effect!.value, two.cohenDz, CLOSED_FORM, 'd_z');
    const oneSided = await stats(['paired-t', writeJson({ values: greater.a, valuesB: greater.b }), '--alternative', 'greater', '--confidence', String(greater.confidence)]);
    expectClose(oneSided.pValue!, greater.pValue, ITERATIVE, 'p greater');
    expectClose(oneSided.ci!.lower as number, greater.ci[0]!, ITERATIVE, 'one-sided lower');
    expect(oneSided.ci!.upper).toBe('Infinity');
  });

  it.each([inferenceReference.wilcoxon[0], inferenceReference.wilcoxon[5]])('wilcoxon vs scipy: $name', async (c) => {
    const result = await stats(['wilcoxon', writeJson({ values: c.differences }), '--alternative', c.alternative]);
    expectClose(valueOf(result), c.statistic, CLOSED_FORM, 'statistic');
    expectClose(result.pValue!, c.pValue, ITERATIVE, 'p');
    expectClose(result.effect!.value, c.rankBiserial, CLOSED_FORM, 'rank-biserial');
    expect(result.method).toContain(c.scipyMethod === 'exact' ? 'wilcoxon-exact' : 'wilcoxon-normal-approximation');
  });

  it('non-inferiority: the one-sided lower bound is scipy\'s percentile bound of the mean difference', async () => {
    // valuesB = 0, so Δ* is the resampled mean of values and the one-sided 97.5 % bound is scipy's 95 % lower bound.
    const c = statsReference.bootstrap.find((x) => x.statistic === 'mean')!;
    const file = writeJson({ values: c.values, valuesB: c.values.map(() => 0) });
    const args = ['--metric', 'mean', '--alpha', '0.025', '--resamples', String(c.resamples), '--margin', '0.02', '--seed', '11'];
    const result = await stats(['non-inferiority', file, ...args]);
    expectClose(valueOf(result), c.values.reduce((s, v) => s + v, 0) / c.values.length, CLOSED_FORM, 'Δ');
    expect(Math.abs((result.ci!.lower as number) - c.lower)).toBeLessThanOrEqual(c.tolerance);
    expect(result.ci!.upper).toBe('Infinity');
    expect(result.details).toMatchObject({ nonInferior: true, margin: 0.02, metric: 'mean' });
  });
});

describe('many models and corrections', () => {
  it('friedman-nemenyi vs scipy friedmanchisquare and scikit-posthocs (one column per model)', async () => {
    const c = inferenceReference.friedman[0];
    const file = writeCsv(['task', 'dino', 'supervised', 'random'], c.scores.map((row, i) => [`t${i}`, ...row]));
    const result = await stats(['friedman-nemenyi', file, '--alpha', String(c.alpha)]);
    expectClose(valueOf(result), c.statistic, CLOSED_FORM, 'chi2_F');
    expectClose(result.pValue!, c.pValue, ITERATIVE, 'p');
    expectClose(result.effect!.value, c.kendallW, CLOSED_FORM, 'W');
    expectClose(result.details.criticalDifference as number, c.criticalDifference, ITERATIVE, 'CD');
    result.tables[0].rows.forEach((row, j) => expectClose(row[1] as number, c.meanRanks[j], CLOSED_FORM, `rank ${j}`));
    c.nemenyi.forEach((pair, i) => expectClose(result.tables[1].rows[i][3] as number, pair.pValue, ITERATIVE, `nemenyi ${pair.a}-${pair.b}`));
  });

  it.each([
    ['holm', 'holm'],
    ['bh', 'benjaminiHochberg'],
  ] as const)('%s vs statsmodels multipletests', async (name, key) => {
    const c = inferenceReference.multipleTesting[0];
    const result = await stats([name, writeJson({ pValues: c.pValues }), '--alpha', String(c.alpha)]);
    result.tables[0].rows.forEach((row, i) => {
      expectClose(row[2] as number, c[key].adjusted[i], CLOSED_FORM, `adjusted ${i}`);
      expect(row[3]).toBe(c[key].reject[i]);
    });
    expect(valueOf(result)).toBe(c[key].reject.filter(Boolean).length);
  });
});

describe('transferability estimators', () => {
  it.each(['logme', 'sfda'] as const)('%s from f0…fD−1 CSV columns vs the Python restatement', async (name) => {
    const c = transferabilityReference.estimators[0];
    const { X, y } = datasetOf(c);
    const file = writeCsv(['labels', ...X[0].map((_, j) => `f${j}`)], X.map((row, i) => [y[i], ...row]));
    const result = await stats([name, file]);
    expect(Math.abs(valueOf(result) - (c[name] ?? Number.NaN))).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
    expect(result.details).toMatchObject({ dimensions: X[0].length });
  });
});

describe('bad input exits 2 with the location', () => {
  const good = writeJson({ labels: [0, 1, 1, 0], scores: [0.1, 0.8, 0.6, 0.3] });

  it('unknown statistic: did-you-mean and the list', async () => {
    const result = await bench(['acuracy', good]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('did you mean "accuracy"');
    expect(result.err).toContain('available: accuracy, balanced-accuracy');
  });

  it('missing column: names the file, the column and what the statistic reads', async () => {
    const result = await bench(['delong', writeJson({ labels: [0, 1, 1, 0], score: [0.1, 0.8, 0.6, 0.3] })]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/input-\d+\.json: needs a "labels" column and one of "predictions", "scores", "probabilities"/);
    expect(result.err).toContain('delong reads: labels + scores');
    const paired = await bench(['paired-t', writeJson({ valuez: [1, 2] })]);
    expect(paired.err).toMatch(/no column "values" \(columns present: valuez\); is column "valuez" meant to be "values"\?/);
  });

  it('columns of different lengths', async () => {
    const result = await bench(['auroc', writeJson({ labels: [0, 1, 1, 0], scores: [0.1, 0.8, 0.6] })]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/column "scores" has 3 values but "labels" has 4/);
  });

  it('a non-numeric CSV cell: file, line and column', async () => {
    const file = writeCsv(['labels', 'scores'], [[0, 0.1], [1, 0.9], [1, 'high'], [0, 0.2]]);
    const result = await bench(['auroc', file]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/input-\d+\.csv:4 \(column scores\): "high" is not a finite number/);
    expect(result.err).not.toContain('    at ');
  });

  it('a ragged CSV row, a bad label, a missing file, a bad flag or method', async () => {
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'labels,scores\n0,0.1\n1\n');
    expect((await bench(['auroc', ragged])).err).toContain('ragged.csv:3: 1 cells, but the header has 2');
    const badLabel = await bench(['auroc', writeJson({ labels: [0, 2, 1, 0], scores: [0.1, 0.8, 0.6, 0.3] })]);
    expect(badLabel.code).toBe(2);
    expect(badLabel.err).toMatch(/scores.*binary task.*3 classes|not a binary label/);
    const missing = await bench(['auroc', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.json: cannot read the data file');
    expect((await bench(['auroc', good, '--alpha', '2'])).err).toContain('--alpha must be in (0, 1) (got 2)');
    const method = await bench(['mcnemar', good, '--method', 'exakt']);
    expect(method.code).toBe(2);
    expect(method.err).toContain('unknown --method "exakt"; did you mean "exact"?');
    expect((await bench(['paired-t', good, '--alternative', 'bigger'])).code).toBe(2);
  });
});

describe('output', () => {
  it('--json has the documented keys; a table by default', async () => {
    // By hand: positives 0.8, 0.6, 0.4 against negatives 0.1, 0.5 win 5 of 6 pairs.
    const file = writeJson({ labels: [0, 1, 1, 0, 1], scores: [0.1, 0.8, 0.6, 0.5, 0.4] });
    const result = await stats(['auroc', file]);
    expect(Object.keys(result)).toEqual(['name', 'title', 'input', 'method', 'n', 'statistic', 'pValue', 'ci', 'effect', 'details', 'tables', 'notes', 'options']);
    expect(result).toMatchObject({ name: 'auroc', n: 5, statistic: { name: 'auroc' }, pValue: null, options: { seed: 0, resamples: 2000 } });
    const table = await bench(['auroc', file]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/│ auroc +│ 0\.8333 +│/);
  });

  it('an undefined value is null with the reason, not a number', async () => {
    const result = await stats(['auroc', writeJson({ labels: [1, 1, 1], scores: [0.2, 0.5, 0.9] })]);
    expect(result.statistic).toEqual({ name: 'auroc', value: null });
    expect(result.notes[0]).toMatch(/single-class/);
  });

  it('--help lists every statistic of the catalogue and the input formats', async () => {
    const result = await bench(['--help']);
    expect(result.code).toBe(0);
    for (const entry of STAT_CATALOG) expect(result.out).toContain(entry.name);
    expect(result.out).toContain('p0,p1,… = probabilities');
  });
});
