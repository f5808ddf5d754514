import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../runtime/backend.ts';
import { ParamStore } from '../../runtime/model/param-store.ts';
import { AdamW, adamwUpdate } from '../../runtime/train/adamw.ts';
import { EarlyStopping } from '../../runtime/train/finetune-early-stopping.ts';
import { layerDecayGroups, layerDecayScale, stepWithLayerDecay, vitLayerId } from '../../runtime/train/finetune-layer-decay.ts';
import { ParamLayout } from '../../runtime/train/param-layout.ts';
import { smoothedCrossEntropy } from '../../runtime/train/supervised-loss.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('layer-wise lr decay', () => {
  it("follows BEiT's assigner at the end points (ViT-B: depth 12, decay 0.75)", () => {
    // BEiT: scales = [decay ** (L + 1 − i) for i in range(L + 2)], i = 0 embeddings, i = b + 1 block b, L + 1 the rest
    expect(layerDecayScale('head.weight', 12, 0.75)).toBe(1);
    expect(layerDecayScale('norm.bias', 12, 0.75)).toBe(1);
    expect(layerDecayScale('blocks.11.mlp.fc2.weight', 12, 0.75)).toBe(0.75);
    expect(layerDecayScale('blocks.0.attn.qkv.weight', 12, 0.75)).toBeCloseTo(0.03167635202407837, 15); // 0.75¹²
    for (const name of ['patch_embed.proj.weight', 'patch_embed.proj.bias', 'pos_embed', 'cls_token']) {
      expect(layerDecayScale(name, 12, 0.75)).toBeCloseTo(0.023757264018058777, 15); // 0.75¹³, the lowest
    }
    expect(vitLayerId('blocks.3.norm1.weight', 12)).toBe(4);
  });

  it('groups parameters by multiplier, and decay 1 is one group', () => {
    const names = ['cls_token', 'pos_embed', 'patch_embed.proj.weight', 'blocks.0.norm1.weight', 'blocks.1.norm1.weight', 'norm.weight', 'head.weight'];
    expect(layerDecayGroups(names, 2, 1)).toEqual([{ scale: 1, members: names, others: new Set() }]);
    const groups = layerDecayGroups(names, 2, 0.5);
    expect(groups.map((g) => [g.scale, g.members.length])).toEqual([[0.125, 3], [0.25, 1], [0.5, 1], [1, 2]]);
    for (const g of groups) expect(g.others.size + g.members.length).toBe(names.length);
  });

  it('steps each parameter like AdamW at its own lr × scale, and like plain AdamW with decay 1', () => {
    const initial = { 'blocks.0.mlp.fc1.weight': [0.5, -0.25, 1, 2], 'head.weight': [1, -1, 0.5, 0.25], 'pos_embed': [0.1, 0.2, 0.3, 0.4] };
    const grads = Float32Array.from([0.1, -0.2, 0.3, 0.05, -0.4, 0.2, 0.1, 0.3, 0.01, -0.02, 0.03, -0.04]);
    const run = (decay: number, times: number) => {
      const store = new ParamStore('llrd');
      for (const [name, values] of Object.entries(initial)) store.add(name, [2, 2], Float32Array.from(values));
      const layout = new ParamLayout([store]);
      const optimizer = new AdamW(layout);
      const groups = layerDecayGroups(layout.entries.map((e) => e.name), 1, decay);
      for (let t = 0; t < times; t++) stepWithLayerDecay(optimizer, groups, grads, 0.01, 0.05);
      const out = store.toWeights();
      store.dispose();
      return out;
    };
    const stepped = run(0.5, 2);
    Object.entries(initial).forEach(([name, values], p) => {
      const expected = Float32Array.from(values);
      const state = { m: new Float32Array(4), v: new Float32Array(4) };
      const decayed = name !== 'pos_embed'; // AdamW never decays the positional embedding
      const scale = layerDecayScale(name, 1, 0.5);
      for (let t = 1; t <= 2; t++) adamwUpdate(expected, grads.subarray(4 * p, 4 * p + 4), state, t, 0.01 * scale, decayed ? 0.05 : 0);
      expect(Array.from(stepped.get(name)!.data)).toEqual(Array.from(expected));
    });
    // with decay 1 the helper is a single AdamW.step
    const store = new ParamStore('plain');
    for (const [name, values] of Object.entries(initial)) store.add(name, [2, 2], Float32Array.from(values));
    const plain = new AdamW(new ParamLayout([store]));
    plain.step(grads, 0.01, 0.05);
    plain.step(grads, 0.01, 0.05);
    const undecayed = run(1, 2);
    for (const [name, w] of store.toWeights()) expect(Array.from(undecayed.get(name)!.data)).toEqual(Array.from(w.data));
    store.dispose();
  });
});

describe('smoothedCrossEntropy', () => {
  it('matches a hand computation with ε = 0.1', () => {
    // Row 1: logits (2, 0, −1), class 0. log-sum-exp = ln(e² + 1 + e⁻¹) = 2.1698460196, so log p = (−0.1698460196,
    // −2.1698460196, −3.1698460196); targets (0.9 + 0.1/3, 0.1/3, 0.1/3) give 0.3365126862.
    // Row 2: equal logits, class 2: ln 3 = 1.0986122887 whatever the targets. Mean: 0.7175624874.
    const logits = tf.tensor2d([[2, 0, -1], [0.5, 0.5, 0.5]]);
    const loss = smoothedCrossEntropy([0, 2], logits, 0.1);
    expect(loss.dataSync()[0]).toBeCloseTo(0.7175624874, 6); // float32
    const plain = smoothedCrossEntropy([0, 2], logits);
    expect(plain.dataSync()[0]).toBeCloseTo((0.1698460196 + 1.0986122887) / 2, 6);
    tf.dispose([logits, loss, plain]);
  });

  it('rejects ε outside [0, 1)', () => {
    const logits = tf.tensor2d([[1, 2]]);
    expect(() => smoothedCrossEntropy([0], logits, 1)).toThrow(/label smoothing/);
    logits.dispose();
  });
});

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without improvement and names the best epoch', () => {
    const curve = [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.65];
    const stopping = new EarlyStopping(3);
    const verdicts = curve.map((loss) => stopping.observe(loss));
    expect(verdicts.map((v) => v.improved)).toEqual([true, true, true, false, false, false, true]);
    // epochs 4, 5, 6 bring nothing below 0.7: stop after epoch 6 (the 0.65 of epoch 7 is never seen in training)
    expect(verdicts.findIndex((v) => v.stop) + 1).toBe(6);
    const fresh = new EarlyStopping(3);
    for (const loss of curve.slice(0, 6)) fresh.observe(loss);
    expect(fresh.bestEpoch).toBe(3);
    expect(fresh.bestLoss).toBe(0.7);
  });

  it('treats NaN as no improvement and honours minDelta', () => {
    const stopping = new EarlyStopping(1, 0.05);
    expect(stopping.observe(1)).toEqual({ improved: true, stop: false });
    expect(stopping.observe(0.97)).toEqual({ improved: false, stop: true });
    const nan = new EarlyStopping(2);
    nan.observe(0.5);
    expect(nan.observe(Number.NaN).improved).toBe(false);
    expect(nan.observe(Number.NaN).stop).toBe(true);
    expect(nan.bestEpoch).toBe(1);
  });
});
