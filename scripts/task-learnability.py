#!/usr/bin/python3
"""Independent check that each synthetic phantom task is learnable and not trivial, in PyTorch and scikit-learn.

For every task it reads the PNG + manifest.csv that `bench data generate` writes (generating it first when the
folder is missing) and runs one 5-fold cross-validation, grouped by patient and stratified by label
(sklearn StratifiedGroupKFold over the patients in a seed-0 random order; stratified_patient_folds says why
not its own shuffle). Each fold fits two models on the training part:

  cnn    a small CNN trained from scratch on single images/slices: four conv3x3-BN-ReLU blocks (16-32-64-64
         channels; block 1 downsamples with stride 2, blocks 2-4 with 2x2 max-pooling), global average pool,
         linear. AdamW (lr 1e-3, weight decay 1e-4, cosine decay to 0), batch 32, random horizontal flip and
         random shifts of up to 4 px; each image standardised to zero mean and unit variance. Cross-entropy is
         class-weighted (n / (k n_c)) when the largest class outnumbers the smallest by more than 1.5x.
         --epochs (30) is raised for a small training set until it gets --min-steps (600) optimiser steps:
         30 epochs of the 192 radiographs of a fold are only 180 steps, and kl-grade went from accuracy 0.40,
         kappa 0.61 at 180 steps to 0.50, 0.72 at 600 (120 patients); MRI sets get 900-1080 steps at 30.
  probe  logistic regression on raw intensities (scaled to [0, 1]) area-downsampled to 16x16 and standardised
         per feature; C from {1e-3, 1e-2, 1e-1, 1} by an inner 3-fold patient-grouped stratified CV on the
         training part (log loss); class_weight 'balanced' under the same 1.5x rule.

Predictions are class probabilities per image; an exam-level task ("unit: exam") scores each exam by the mean
of its slices' probabilities, an image-level task scores each image. Out-of-fold predictions are pooled over
the five folds and scored with the task's primary metric: AUROC for binary tasks; accuracy and
quadratic-weighted kappa for the ordinal KL tasks. The CNN's predictions are also scored against the noise-free
label (dataset.json `trueLabel`): how well the sign itself is read, before reader noise and few positives cap it.

References printed beside them: chance (AUROC 0.5; majority-class accuracy and kappa 0) and a ceiling. For
accuracy it is the documented 1 - labelNoise (every noisy label differs from the truth, label-noise.ts). For
AUROC and kappa it is an oracle scored on the same units: the true label (dataset.json `trueLabel`) as the
score, or, for a task whose outcome is random given the image (tkr), the patient's true risk (`tkrRisk`).
For the KL follow-up tasks the truth is the future grade, so their ceiling is loose.

Why the stride-2 first block (a deviation from four max-pooled blocks): at 64 px the full-resolution BN/ReLU
of block 1 dominates a one-thread CPU step; striding cuts the step time by about a third (540 -> 790 images/s
here) and every pixel is still seen by the 3x3 kernel.

Needs Debian's python3-torch, python3-sklearn, python3-numpy, python3-pil and `npx bench` in this repository.
One thread unless OMP_NUM_THREADS says otherwise. Run from the repository root:
    nice -n 15 /usr/bin/python3 scripts/task-learnability.py --json tmp/learnability.json
    nice -n 15 /usr/bin/python3 scripts/task-learnability.py --tasks kl-grade acl-tear --epochs 3 --min-steps 0
Prints a Markdown table to stdout and progress to stderr; --json writes settings, pooled and per-fold metrics.
"""
import os

for _var in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'):
    os.environ.setdefault(_var, '1')  # before numpy and torch start their thread pools

import argparse
import csv
import ctypes
import difflib
import json
import math
import subprocess
import sys
import time

import numpy as np
import sklearn
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, cohen_kappa_score, log_loss, make_scorer, roc_auc_score
from sklearn.model_selection import GridSearchCV, StratifiedGroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDS = 5
CV_SEED = 0
IMBALANCE_RATIO = 1.5
PROBE_SIZE = 16
PROBE_CS = [1e-3, 1e-2, 1e-1, 1.0]
PROBE_INNER_FOLDS = 3
MAX_SHIFT = 4
CHANNELS = (16, 32, 64, 64)


def keep_freed_memory():
    """Stops glibc handing freed activations back to the kernel after every step.

    Above its mmap threshold glibc maps each large tensor afresh and unmaps it on free, so every training step
    page-faults its activations in again: on one CPU thread that was over half of the CNN's step time.
    """
    try:
        libc = ctypes.CDLL('libc.so.6')
    except OSError:
        return  # not glibc: nothing to tune
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_mmap_threshold, 256 << 20)
    libc.mallopt(m_trim_threshold, 1 << 30)


def stratified_patient_folds(labels, patients, n_splits):
    """(train, test) index pairs: StratifiedGroupKFold over the patients in a seeded random order.

    scikit-learn's own shuffle=True permutes the groups' class counts but not the group index that maps them
    back to samples, so its folds are random groups, not stratified (issue #32478, fixed in PR #32540, after
    the 1.2 used here): with seed 0 two tkr test folds had no positive at all. Shuffling the patients here and
    splitting with shuffle=False gives what shuffle=True means: stratified folds, seeded order among ties.
    """
    names = np.unique(patients)
    order = dict(zip(names, np.random.RandomState(CV_SEED).permutation(len(names))))
    shuffled = np.array([order[p] for p in patients])
    return list(StratifiedGroupKFold(n_splits=n_splits, shuffle=False).split(labels, labels, shuffled))


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- tasks and data
def bench(*args):
    """Runs `npx bench ...` in the repository; returns stdout, or exits with its stderr."""
    result = subprocess.run(['npx', 'bench', *args], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, 'NO_COLOR': '1'})
    if result.returncode != 0:
        sys.exit(f'npx bench {" ".join(args)} failed ({result.returncode}):\n{result.stderr.strip()}')
    return result.stdout


def load_registry():
    """The task registry as `bench tasks --json` lists it, by id, in the registry's order."""
    return {t['id']: t for t in json.loads(bench('tasks', '--json'))}


def select_tasks(registry, wanted):
    unknown = [t for t in wanted if t not in registry]
    for t in unknown:
        near = difflib.get_close_matches(t, registry, n=1)
        hint = f'did you mean "{near[0]}"? ' if near else ''
        log(f'unknown task "{t}": {hint}available: {", ".join(registry)}')
    if unknown:
        sys.exit(2)
    return [registry[t] for t in wanted]


def dataset_dir(data_dir, task_id, patients, size, seed):
    return os.path.join(data_dir, f'{task_id}-p{patients}-s{size}-seed{seed}')


def ensure_dataset(folder, task_id, patients, size, seed):
    """Generates the task's phantoms into `folder` unless a matching data set is already there."""
    info_path = os.path.join(folder, 'dataset.json')
    if not os.path.exists(os.path.join(folder, 'manifest.csv')):
        log(f'[{task_id}] generating {patients} patients at {size} px into {folder}')
        bench('data', 'generate', task_id, '--out', folder, '--patients', str(patients), '--size', str(size),
              '--seed', str(seed))
    with open(info_path) as f:
        info = json.load(f)
    options = info['options']
    expected = {'patients': patients, 'imageSize': size, 'seed': seed}
    found = {k: options.get(k) for k in expected}
    if info.get('task') != task_id or found != expected:
        sys.exit(f'{info_path}: holds task {info.get("task")} {found}, expected {task_id} {expected}; '
                 f'remove the folder to regenerate it')
    return info


def read_dataset(folder, info, size):
    """Images (N, size, size) float32 in [0, 1], labels, patient ids and unit (exam or image) ids per image."""
    with open(os.path.join(folder, 'manifest.csv'), newline='') as f:
        rows = list(csv.DictReader(f))
    images = np.empty((len(rows), size, size), np.float32)
    for i, row in enumerate(rows):
        with Image.open(os.path.join(folder, row['path'])) as im:
            pixels = np.asarray(im, dtype=np.float32)
        if pixels.shape != (size, size):
            sys.exit(f'{folder}/{row["path"]}: {pixels.shape[1]}x{pixels.shape[0]} px, expected {size}x{size}')
        images[i] = pixels / (65535.0 if im.mode.startswith('I') else 255.0)
    labels = np.array([int(r['label']) for r in rows])
    patients = np.array([r['patientId'] for r in rows])
    exams = np.array([r.get('examId') or r['path'] for r in rows])
    truth = {p['patientId']: p for p in info['patients']}
    return images, labels, patients, exams, truth


# ---------------------------------------------------------------------------------------------- models
def class_weights(labels, n_classes):
    """n / (k n_c) when the classes are imbalanced (largest / smallest > IMBALANCE_RATIO), else None."""
    counts = np.bincount(labels, minlength=n_classes).astype(np.float64)
    if counts.min() > 0 and counts.max() / counts.min() <= IMBALANCE_RATIO:
        return None
    return counts.sum() / (n_classes * np.maximum(counts, 1))


class SmallCnn(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        layers, c_in = [], 1
        for i, c_out in enumerate(CHANNELS):
            stride = 2 if i == 0 else 1
            layers += [nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(c_out),
                       nn.ReLU(inplace=True)]
            if i > 0:
                layers.append(nn.MaxPool2d(2))
            c_in = c_out
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(c_in, n_classes)

    def forward(self, x):
        return self.head(self.features(x).mean(dim=(2, 3)))


def standardise_per_image(images):
    x = torch.from_numpy(images).unsqueeze(1)
    mean = x.mean(dim=(2, 3), keepdim=True)
    std = x.std(dim=(2, 3), keepdim=True)
    return (x - mean) / (std + 1e-6)


def augment(batch, gen):
    """Random horizontal flip and a random shift of up to MAX_SHIFT px (zero = image mean after standardising)."""
    n, _, h, w = batch.shape
    flip = torch.rand(n, generator=gen) < 0.5
    batch = torch.where(flip[:, None, None, None], batch.flip(3), batch)
    padded = F.pad(batch, (MAX_SHIFT,) * 4)
    dy, dx = torch.randint(0, 2 * MAX_SHIFT + 1, (2, n), generator=gen).tolist()
    return torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(n)])


def cnn_epochs(n_train, batch_size, epochs, min_steps):
    """`epochs`, or more where a small training set would get fewer than `min_steps` optimiser steps."""
    return max(epochs, math.ceil(min_steps / math.ceil(n_train / batch_size)))


def train_cnn(x, y, n_classes, epochs, batch_size, seed):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = SmallCnn(n_classes)
    weights = class_weights(y, n_classes)
    weight = None if weights is None else torch.tensor(weights, dtype=torch.float32)
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    steps = epochs * math.ceil(len(y) / batch_size)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, T_max=steps)
    targets = torch.from_numpy(y)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(y), generator=gen)
        for start in range(0, len(y), batch_size):
            idx = order[start:start + batch_size]
            loss = F.cross_entropy(model(augment(x[idx], gen)), targets[idx], weight=weight)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
    return model


@torch.no_grad()
def predict_cnn(model, x):
    model.eval()
    return torch.cat([model(x[i:i + 256]).softmax(1) for i in range(0, len(x), 256)]).numpy()


def probe_features(images):
    pooled = F.adaptive_avg_pool2d(torch.from_numpy(images).unsqueeze(1), PROBE_SIZE)
    return pooled.flatten(1).numpy().astype(np.float64)


def fit_probe(features, y, groups, n_classes):
    balanced = class_weights(y, n_classes) is not None
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(
        max_iter=5000, class_weight='balanced' if balanced else None))
    # An inner test fold can miss a rare class (KL4), so the scorer is told every class.
    scorer = make_scorer(log_loss, greater_is_better=False, needs_proba=True, labels=list(range(n_classes)))
    search = GridSearchCV(pipeline, {'logisticregression__C': PROBE_CS}, scoring=scorer,
                          cv=stratified_patient_folds(y, groups, PROBE_INNER_FOLDS))
    search.fit(features, y)
    return search


# ---------------------------------------------------------------------------------------------- scoring
def per_unit(probabilities, labels, units):
    """Mean probability per unit (exam or image) in first-seen order; the unit's label (constant within it)."""
    names, first, inverse = np.unique(units, return_index=True, return_inverse=True)
    order = np.argsort(first)
    sums = np.zeros((len(names), probabilities.shape[1]))
    np.add.at(sums, inverse, probabilities)
    means = sums / np.bincount(inverse)[:, None]
    return means[order], labels[first][order], names[order]


def score(probabilities, labels, n_classes):
    if n_classes == 2:
        return {'auroc': safe_auroc(labels, probabilities[:, 1])}
    predicted = probabilities.argmax(1)
    return {'accuracy': float(accuracy_score(labels, predicted)),
            'quadratic-kappa': float(cohen_kappa_score(labels, predicted, weights='quadratic'))}


def safe_auroc(labels, scores):
    """AUROC, or None where the units hold one class only."""
    return float(roc_auc_score(labels, scores)) if len(np.unique(labels)) == 2 else None


def references(unit_labels, unit_patients, truth, n_classes, label_noise):
    """Chance and ceiling on the evaluation units (see the module docstring)."""
    true_label = np.array([truth[p]['trueLabel'] for p in unit_patients])
    if n_classes == 2:
        risk = [truth[p].get('tkrRisk') for p in unit_patients]
        oracle = np.array(risk, float) if None not in risk else true_label.astype(float)
        return ({'auroc': 0.5},
                {'auroc': safe_auroc(unit_labels, oracle), 'oracle': 'tkrRisk' if None not in risk else 'trueLabel',
                 'labelNoise': label_noise})
    majority = np.bincount(unit_labels, minlength=n_classes).max() / len(unit_labels)
    return ({'accuracy': float(majority), 'quadratic-kappa': 0.0},
            {'accuracy': 1 - label_noise, 'quadratic-kappa': float(
                cohen_kappa_score(unit_labels, true_label, weights='quadratic')),
             'oracleAccuracy': float(accuracy_score(unit_labels, true_label)), 'oracle': 'trueLabel',
             'labelNoise': label_noise})


# ---------------------------------------------------------------------------------------------- one task
def evaluate_task(task, args):
    task_id = task['id']
    n_classes = int(task['classes'])
    started = time.time()
    folder = dataset_dir(args.data_dir, task_id, args.patients, args.size, args.seed)
    info = ensure_dataset(folder, task_id, args.patients, args.size, args.seed)
    images, labels, patients, exams, truth = read_dataset(folder, info, args.size)
    units = exams if task['unit'] == 'exam' else np.arange(len(labels)).astype(str)
    seconds = {'data': time.time() - started, 'cnn': 0.0, 'probe': 0.0}

    x = standardise_per_image(images)
    features = probe_features(images)
    oof = {'cnn': np.zeros((len(labels), n_classes)), 'probe': np.zeros((len(labels), n_classes))}
    folds = {'cnn': [], 'probe': []}
    chosen_c, epochs_used = [], []
    for fold, (train, test) in enumerate(stratified_patient_folds(labels, patients, FOLDS)):
        t0 = time.time()
        epochs = cnn_epochs(len(train), args.batch_size, args.epochs, args.min_steps)
        epochs_used.append(epochs)
        model = train_cnn(x[train], labels[train], n_classes, epochs, args.batch_size, seed=fold)
        oof['cnn'][test] = predict_cnn(model, x[test])
        t1 = time.time()
        search = fit_probe(features[train], labels[train], patients[train], n_classes)
        oof['probe'][test] = search.predict_proba(features[test])
        chosen_c.append(search.best_params_['logisticregression__C'])
        t2 = time.time()
        seconds['cnn'] += t1 - t0
        seconds['probe'] += t2 - t1
        for name in oof:
            fold_probs, fold_labels, _ = per_unit(oof[name][test], labels[test], units[test])
            folds[name].append(score(fold_probs, fold_labels, n_classes))
        log(f'[{task_id}] fold {fold + 1}/{FOLDS}: train {len(train)} test {len(test)} images; '
            f'cnn {fmt_metrics(folds["cnn"][-1])} ({epochs} epochs, {t1 - t0:.0f} s), '
            f'probe {fmt_metrics(folds["probe"][-1])} C={chosen_c[-1]:g} ({t2 - t1:.0f} s)')

    results = {}
    for name in oof:
        unit_probs, unit_labels, unit_names = per_unit(oof[name], labels, units)
        results[name] = {'pooled': score(unit_probs, unit_labels, n_classes), 'folds': folds[name]}
    results['cnn']['epochs'] = epochs_used
    results['probe']['chosenC'] = chosen_c
    unit_patients = per_unit_patients(patients, units, unit_names)
    true_labels = np.array([truth[p]['trueLabel'] for p in unit_patients])
    for name in oof:
        # the same out-of-fold predictions scored against the noise-free label: how well the sign itself is read
        results[name]['pooledVsTrueLabel'] = score(per_unit(oof[name], labels, units)[0], true_labels, n_classes)
    chance, ceiling = references(unit_labels, unit_patients, truth, n_classes, info['options']['labelNoise'])
    seconds['total'] = time.time() - started
    return {
        'task': task_id, 'output': task['output'], 'unit': task['unit'], 'primaryMetric': task['primary'],
        'images': int(len(labels)), 'units': int(len(unit_labels)), 'patients': int(len(np.unique(patients))),
        'unitClassCounts': np.bincount(unit_labels, minlength=n_classes).tolist(),
        'cnnClassWeights': class_weights(labels, n_classes) is not None,
        'chance': chance, 'ceiling': ceiling, 'cnn': results['cnn'], 'probe': results['probe'],
        'seconds': {k: round(v, 1) for k, v in seconds.items()}, 'dataset': folder, 'datasetHash': info['hash'],
    }


def per_unit_patients(patients, units, unit_names):
    owner = dict(zip(units, patients))
    return [owner[u] for u in unit_names]


# ---------------------------------------------------------------------------------------------- report
def fmt_metrics(metrics):
    return ' / '.join('n/a' if v is None else f'{v:.3f}' for v in metrics.values())


def markdown_table(rows):
    lines = ['| task | unit | metric | images | units | chance | ceiling | CNN | 16² pixel LR | CNN vs true label |',
             '|---|---|---|--:|--:|--:|--:|--:|--:|--:|']
    for r in rows:
        multiclass = 'accuracy' in r['cnn']['pooled']
        metric = 'acc / QWK' if multiclass else 'AUROC'
        ceiling = r['ceiling']
        ceiling_text = (f'{ceiling["accuracy"]:.2f} / {ceiling["quadratic-kappa"]:.2f}' if multiclass
                        else f'{ceiling["auroc"]:.2f}')
        lines.append(f'| {r["task"]} | {r["unit"]} | {metric} | {r["images"]} | {r["units"]} | '
                     f'{fmt_metrics(r["chance"]).replace("0.000", "0")} | {ceiling_text} | '
                     f'{fmt_metrics(r["cnn"]["pooled"])} | {fmt_metrics(r["probe"]["pooled"])} | '
                     f'{fmt_metrics(r["cnn"]["pooledVsTrueLabel"])} |')
    return '\n'.join(lines)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--tasks', nargs='+', help='task ids (default: every task `bench tasks` lists)')
    parser.add_argument('--patients', type=int, default=120)
    parser.add_argument('--size', type=int, default=64, help='phantom image size in px')
    parser.add_argument('--seed', type=int, default=0, help='phantom seed (the CV split and CNN seeds are fixed)')
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--min-steps', type=int, default=600,
                        help='train small sets for more epochs, to at least this many optimiser steps')
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--data-dir', default=os.path.join(ROOT, 'tmp', 'learnability-data'),
                        help='where generated data sets live, one folder per task, patients, size and seed')
    parser.add_argument('--json', help='write settings and results here')
    return parser.parse_args()


def main():
    args = parse_args()
    keep_freed_memory()
    torch.set_num_threads(int(os.environ['OMP_NUM_THREADS']))
    registry = load_registry()
    tasks = select_tasks(registry, args.tasks or list(registry))
    started = time.time()
    rows = []
    for task in tasks:
        rows.append(evaluate_task(task, args))
        log(f'[{task["id"]}] done in {rows[-1]["seconds"]["total"]:.0f} s')
    total = time.time() - started
    print(markdown_table(rows))
    print(f'\n{len(rows)} tasks in {total / 60:.1f} min; {FOLDS}-fold patient-grouped CV, {args.patients} patients, '
          f'{args.size} px; CNN {args.epochs} epochs, at least {args.min_steps} steps. Ceiling: 1 - label noise '
          f'for accuracy, truth oracle for AUROC and kappa.')
    if args.json:
        settings = {**vars(args), 'folds': FOLDS, 'cvSeed': CV_SEED, 'cnnChannels': CHANNELS, 'maxShift': MAX_SHIFT,
                    'imbalanceRatio': IMBALANCE_RATIO, 'probeSize': PROBE_SIZE, 'probeCs': PROBE_CS,
                    'probeInnerFolds': PROBE_INNER_FOLDS, 'threads': torch.get_num_threads(),
                    'torch': torch.__version__, 'sklearn': sklearn.__version__, 'numpy': np.__version__}
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, 'w') as f:
            json.dump({'settings': settings, 'seconds': round(total, 1), 'tasks': rows}, f, indent=2)
            f.write('\n')


if __name__ == '__main__':
    main()
