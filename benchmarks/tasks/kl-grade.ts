// Kellgren–Lawrence grading of knee AP radiographs, 5 ordinal classes (OrthoFoundation task 1).
import type { TaskDefinition } from './task.ts';

export const KL_GRADE: TaskDefinition = {
  id: 'kl-grade',
  version: 1,
  title: 'Kellgren–Lawrence grade (knee radiograph)',
  modality: 'xray',
  anatomy: 'knee',
  labels: ['KL0', 'KL1', 'KL2', 'KL3', 'KL4'],
  output: 'ordinal',
  primaryMetric: 'accuracy',
  metrics: [
    { id: 'accuracy', higherIsBetter: true },
    { id: 'macro-f1', higherIsBetter: true },
    { id: 'quadratic-kappa', higherIsBetter: true },
  ],
  unit: 'image',
  source: 'synthetic:kl-grade',
};
