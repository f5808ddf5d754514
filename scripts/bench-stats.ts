// Timing of the statistics layer (issue 5 §8): every metric, CI and test a report needs for 14 tasks × 5 folds
// × 4 label fractions × 3 models on synthetic predictions (target < 5 s), and the linear probe at N=500, D=128,
// K=5. A script, not a test: `npx tsx scripts/bench-stats.ts [--resamples 2000] [--samples 400]`.
import { performance } from 'node:perf_hooks';
import { accuracy, balancedAccuracy, macroF1, quadraticWeightedKappa } from '../benchmarks/metrics/classification.ts';
import { binaryAuroc, multiclassAurocOvr } from '../benchmarks/metrics/auroc.ts';
import { averagePrecision, multiclassAveragePrecision } from '../benchmarks/metrics/average-precision.ts';
import { binaryBrierScore, multiclassBrierScore } from '../benchmarks/metrics/brier.ts';
import { binaryExpectedCalibrationError, expectedCalibrationError } from '../benchmarks/metrics/calibration.ts';
import { sensitivitySpecificityAt, youdenOperatingPoint } from '../benchmarks/metrics/operating-point.ts';
import { makeAurocIndexStatistic, makeOvrAurocIndexStatistic } from '../benchmarks/metrics/resampled-auroc.ts';
import { nonInferiorityTest, type NonInferiorityResult } from '../benchmarks/label-efficiency/non-inferiority.ts';
import { smallestNonInferiorFraction } from '../benchmarks/label-efficiency/smallest-fraction.ts';
import { fitLogisticRegression } from '../benchmarks/probe/logistic-regression.ts';
import { Rng } from '../benchmarks/rng.ts';
import { bcaBootstrapCi } from '../benchmarks/stats/bca.ts';
import type { IndexStatistic } from '../benchmarks/stats/bootstrap.ts';
import { delongAurocCi, delongTest } from '../benchmarks/stats/delong-auroc.ts';
import { friedmanTest } from '../benchmarks/stats/friedman.ts';
import { mcnemarTest } from '../benchmarks/stats/mcnemar.ts';
import { benjaminiHochberg, holmCorrection } from '../benchmarks/stats/multiple-testing.ts';
import { nemenyiTest } from '../benchmarks/stats/nemenyi.ts';
import { pairedTTest } from '../benchmarks/stats/paired-t.ts';
import { wilcoxonSignedRank } from '../benchmarks/stats/wilcoxon.ts';

const TASKS = 14;
const FOLDS = 5;
const FRACTIONS = [0.125, 0.25, 0.5, 1] as const;
const MODELS = ['pretrained', 'supervised', 'random-init'] as const;
type Model = (typeof MODELS)[number];

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const RESAMPLES = argument('resamples', 2000);
const SAMPLES = argument('samples', 400);

interface Task {
  classes: number;
  labels: number[];
  /** Two images per patient; patient-grouped folds. */
  groups: string[];
  fold: number[];
  /** proba[model@fraction][i][c], out-of-fold. */
  proba: Map<string, number[][]>;
}

const key = (model: Model, fraction: number) => `${model}@${fraction}`;

function makeTask(t: number, rng: Rng): Task {
  const classes = t === 0 ? 5 : 2;
  const labels = Array.from({ length: SAMPLES }, () => rng.int(classes));
  const groups = labels.map((_, i) => `t${t}-p${Math.floor(i / 2)}`);
  const fold = labels.map((_, i) => Math.floor(i / 2) % FOLDS);
  const proba = new Map<string, number[][]>();
  const quality: Record<Model, number> = { pretrained: 1.6, supervised: 1.5, 'random-init': 0.7 };
  for (const model of MODELS) {
    for (const fraction of FRACTIONS) {
      const strength = quality[model] * (0.6 + 0.4 * fraction);
      proba.set(key(model, fraction), labels.map((y) => softmax(Array.from({ length: classes }, (_, c) => (c === y ? strength : 0) + rng.normal(0, 1)))));
    }
  }
  return { classes, labels, groups, fold, proba };
}

function softmax(logits: number[]): number[] {
  const top = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

const argmax = (row: readonly number[]) => row.indexOf(Math.max(...row));

/** Every per-fold metric of one model on one fold. */
function foldMetrics(task: Task, proba: number[][], indices: number[]): number {
  const y = indices.map((i) => task.labels[i]);
  const p = indices.map((i) => proba[i]);
  const predicted = p.map(argmax);
  let checksum = accuracy(y, predicted) + balancedAccuracy(y, predicted, task.classes) + macroF1(y, predicted, task.classes);
  if (task.classes > 2) {
    checksum += quadraticWeightedKappa(y, predicted, task.classes);
    for (const r of [multiclassAurocOvr(y, p, task.classes), multiclassAveragePrecision(y, p, task.classes), multiclassBrierScore(y, p, task.classes), expectedCalibrationError(y, p, task.classes)]) {
      if (r.defined) checksum += r.value;
    }
    return checksum;
  }
  const positive = p.map((row) => row[1]);
  for (const r of [binaryAuroc(y, positive), averagePrecision(y, positive), binaryBrierScore(y, positive), binaryExpectedCalibrationError(y, positive)]) {
    if (r.defined) checksum += r.value;
  }
  const youden = youdenOperatingPoint(y, positive);
  if (youden.defined) checksum += youden.youdenJ;
  const at = sensitivitySpecificityAt(y, positive, 0.5);
  if (at.sensitivity.defined) checksum += at.sensitivity.value;
  return checksum;
}

/** The primary metric as a resample statistic: AUROC, one-vs-rest macro for the multiclass task. */
function primaryStatistic(task: Task, proba: number[][]): IndexStatistic {
  if (task.classes > 2) return makeOvrAurocIndexStatistic(task.labels, proba, task.classes);
  return makeAurocIndexStatistic(
    task.labels,
    proba.map((row) => row[1]),
  );
}

function time<T>(label: string, timings: Array<[string, number]>, work: () => T): T {
  const start = performance.now();
  const result = work();
  timings.push([label, performance.now() - start]);
  return result;
}

function main(): void {
  const rng = new Rng(2024);
  const tasks = Array.from({ length: TASKS }, (_, t) => makeTask(t, rng.fork(`task-${t}`)));
  const timings: Array<[string, number]> = [];
  let checksum = 0;

  time(`per-fold metrics (${TASKS * FOLDS * FRACTIONS.length * MODELS.length} fold × model evaluations)`, timings, () => {
    for (const task of tasks) {
      for (let f = 0; f < FOLDS; f++) {
        const indices = task.labels.flatMap((_, i) => (task.fold[i] === f ? [i] : []));
        for (const proba of task.proba.values()) checksum += foldMetrics(task, proba, indices);
      }
    }
  });

  time(`pooled BCa patient-bootstrap CI of AUROC, B=${RESAMPLES} (${TASKS * FRACTIONS.length * MODELS.length} CIs)`, timings, () => {
    tasks.forEach((task, t) => {
      for (const [id, proba] of task.proba) {
        const ci = bcaBootstrapCi(primaryStatistic(task, proba), SAMPLES, { rng: rng.fork(`bca-${t}-${id}`), resamples: RESAMPLES, groups: task.groups });
        if (ci.defined) checksum += ci.lower;
      }
    });
  });

  time('pooled DeLong CI of AUROC (binary tasks)', timings, () => {
    for (const task of tasks.filter((x) => x.classes === 2)) {
      for (const proba of task.proba.values()) {
        const ci = delongAurocCi(task.labels, proba.map((row) => row[1]));
        if (ci.defined) checksum += ci.lower;
      }
    }
  });

  const verdicts: NonInferiorityResult[][] = [];
  const delongP: number[][] = FRACTIONS.map(() => []);
  time(`pretrained@f vs supervised@100%: DeLong, McNemar, non-inferiority B=${RESAMPLES} (${TASKS * FRACTIONS.length} pairs)`, timings, () => {
    tasks.forEach((task, t) => {
      const baseline = task.proba.get(key('supervised', 1)) ?? [];
      verdicts.push(
        FRACTIONS.map((fraction, f) => {
          const ours = task.proba.get(key('pretrained', fraction)) ?? [];
          if (task.classes === 2) {
            const test = delongTest(task.labels, ours.map((r) => r[1]), baseline.map((r) => r[1]));
            delongP[f].push(test.defined ? test.pValue : 1);
          }
          const correct = (p: number[][]) => p.map((row, i) => argmax(row) === task.labels[i]);
          checksum += mcnemarTest(correct(ours), correct(baseline)).pValue;
          return nonInferiorityTest(primaryStatistic(task, ours), primaryStatistic(task, baseline), SAMPLES, {
            margin: 0.02,
            rng: rng.fork(`ni-${t}-${fraction}`),
            resamples: RESAMPLES,
            groups: task.groups,
          });
        }),
      );
    });
  });

  time('across tasks: Friedman + Nemenyi, Wilcoxon, paired t, Holm, BH, smallest fraction', timings, () => {
    FRACTIONS.forEach((fraction, f) => {
      const table = tasks.map((task) => MODELS.map((model) => primaryStatistic(task, task.proba.get(key(model, fraction)) ?? [])(task.labels.map((_, i) => i))));
      const friedman = friedmanTest(table);
      if (friedman.defined) checksum += nemenyiTest(friedman.meanRanks, TASKS).criticalDifference;
      const ours = table.map((row) => row[0]);
      const theirs = table.map((row) => row[1]);
      const wilcoxon = wilcoxonSignedRank(ours, theirs);
      const t = pairedTTest(ours, theirs);
      if (wilcoxon.defined && t.defined) checksum += wilcoxon.pValue + t.pValue;
      checksum += holmCorrection(delongP[f]).adjustedPValues[0] + benjaminiHochberg(delongP[f]).adjustedPValues[0];
    });
    for (const perTask of verdicts) {
      checksum += smallestNonInferiorFraction(FRACTIONS.map((fraction, f) => ({ fraction, test: perTask[f] }))).fraction ?? 0;
    }
  });

  const total = timings.reduce((sum, [, ms]) => sum + ms, 0);
  const probe = probeTiming(rng.fork('probe'));
  console.log(`statistics for ${TASKS} tasks × ${FOLDS} folds × ${FRACTIONS.length} fractions × ${MODELS.length} models, ${SAMPLES} samples/task (${SAMPLES / 2} patients), node ${process.version}`);
  for (const [label, ms] of timings) console.log(`  ${(ms / 1000).toFixed(3).padStart(7)} s  ${label}`);
  console.log(`  ${(total / 1000).toFixed(3).padStart(7)} s  total (target < 5 s)   [checksum ${checksum.toFixed(6)}]`);
  console.log(`  ${(probe.ms / 1000).toFixed(3).padStart(7)} s  linear probe fit N=500, D=128, K=5 (${probe.iterations} L-BFGS iterations, converged: ${probe.converged})`);
}

function probeTiming(rng: Rng): { ms: number; iterations: number; converged: boolean } {
  const classes = 5;
  const dims = 128;
  const centres = Array.from({ length: classes }, () => Array.from({ length: dims }, () => rng.normal(0, 0.5)));
  const y = Array.from({ length: 500 }, () => rng.int(classes));
  const X = y.map((label) => centres[label].map((c) => c + rng.normal(0, 1)));
  const start = performance.now();
  const model = fitLogisticRegression(X, y, { numClasses: classes });
  return { ms: performance.now() - start, iterations: model.iterations, converged: model.converged };
}

main();
