import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import { EmaTeacher, emaUpdate } from '../../runtime/train/ema.ts';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('EMA teacher', () => {
  it('emaUpdate is λ·teacher + (1 − λ)·student', () => {
    const t = new Float32Array([1, 2]);
    emaUpdate(t, new Float32Array([3, -2]), 0.75);
    expect(Array.from(t)).toEqual([1.5, 1]);
  });

  it('moves every parameter of a tiny ViT towards the student', () => {
    const config = { imageSize: 8, patchSize: 4, dim: 8, depth: 1, heads: 1, mlpRatio: 1 };
    const student = VisionTransformer.create(config, new Rng(1), 's');
    const teacher = VisionTransformer.create(config, new Rng(2), 't');
    const t0 = teacher.toWeights();
    const s0 = student.toWeights();
    new EmaTeacher(teacher.params).update((name) => s0.get(name)!.data, 0.9);
    for (const [name, w] of teacher.toWeights()) {
      const expected = t0.get(name)!.data.map((v, i) => 0.9 * v + 0.1 * s0.get(name)!.data[i]);
      expect(Array.from(w.data)).toEqual(Array.from(expected).map((v) => expect.closeTo(v, 6)));
    }
    student.dispose();
    teacher.dispose();
  });
});
