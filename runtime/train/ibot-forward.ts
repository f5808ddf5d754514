// The forward passes of one DINO shard, with and without iBOT (DINOv2 `SSLMetaArch.forward_backward` with a
// shared head): the teacher sees the unmasked global crops, the student the masked ones; the CLS rows and the
// masked patch rows go through the head in one call. Without iBOT these are exactly the plain DINO passes.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../benchmarks/rng.ts';
import type { DinoHead } from '../model/dino-head.ts';
import type { VisionTransformer } from '../model/vit.ts';
import { selectRows, type MaskedPatches } from './ibot-loss.ts';

export interface TeacherLogits {
  /** Head outputs of the global crops' CLS features [G·n, K]. */
  cls: tf.Tensor2D;
  /** Head outputs of the masked patches' tokens [M, K], when iBOT is on. */
  patches?: tf.Tensor2D;
}

export interface StudentOutputs {
  /** CLS features of every crop [V·n, D] (KoLeo and diagnostics use the global ones). */
  features: tf.Tensor2D;
  /** Head outputs of those features [V·n, K]. */
  logits: tf.Tensor2D;
  /** Head outputs of the masked patches [M, K], when iBOT is on. */
  patchLogits?: tf.Tensor2D;
}

/** The student's global-crop patch masks (flattened over crops) and which rows they select. */
export interface ShardMasks {
  flat: Uint8Array;
  masked: MaskedPatches;
}

/** The teacher's head outputs; masked patch rows are looked up in its unmasked patch tokens. */
export function teacherLogits(teacher: VisionTransformer, head: DinoHead, globals: tf.Tensor3D, masks: ShardMasks | undefined): TeacherLogits {
  if (!masks) return { cls: head.apply(teacher.features(globals)) };
  return tf.tidy(() => {
    const { cls, patches } = teacher.tokens(globals);
    // no gradient reaches the teacher, so a plain gather will do
    const rows = tf.gather(patches[0], tf.tensor1d(masks.masked.rows, 'int32'));
    const both = head.apply(tf.concat([cls, rows], 0));
    return splitRows(both, cls.shape[0]);
  });
}

/** The student's CLS features and head outputs on all crops, masking the global crops' patches under iBOT. */
export function studentOutputs(
  student: VisionTransformer, head: DinoHead, crops: tf.Tensor3D[], train: { rng: Rng }, masks: ShardMasks | undefined,
): StudentOutputs {
  if (!masks) {
    const features = student.features(crops, { train });
    return { features, logits: head.apply(features) };
  }
  const { cls, patches } = student.tokens(crops, { train, masks: [masks.flat] });
  const both = head.apply(tf.concat([cls, selectRows(patches[0], masks.masked.rows)], 0));
  const { cls: logits, patches: patchLogits } = splitRows(both, cls.shape[0]);
  return { features: cls, logits, patchLogits };
}

function splitRows(both: tf.Tensor2D, clsRows: number): { cls: tf.Tensor2D; patches: tf.Tensor2D } {
  const k = both.shape[1];
  return {
    cls: tf.slice(both, [0, 0], [clsRows, k]),
    patches: tf.slice(both, [clsRows, 0], [both.shape[0] - clsRows, k]),
  };
}
