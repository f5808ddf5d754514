// The iBOT patch loss written loop by loop from its definition (DINOv2 `iBOTPatchLoss.forward`, the unmasked
// form): per crop, the mean over its masked patches of the teacher–student cross-entropy; then the mean over
// crops. The check for ibot-loss.ts, which takes DINOv2's masked-rows route instead.
import { softmaxRow } from './dino-loss-reference.ts';

/**
 * student[c][p][k] and teacher[c][p][k] logits for every patch p of every global crop c; masks[c][p] 1 = masked.
 * Teacher targets are softmax((t − center)/τ_t), students log softmax(s/τ_s).
 */
export function ibotLossReference(
  student: number[][][], teacher: number[][][], masks: number[][], center: readonly number[], studentTemp: number, teacherTemp: number,
): number {
  let total = 0;
  for (let c = 0; c < student.length; c++) {
    let cropLoss = 0;
    let masked = 0;
    for (let p = 0; p < student[c].length; p++) {
      if (!masks[c][p]) continue;
      const pt = softmaxRow(teacher[c][p].map((t, k) => t - center[k]), teacherTemp);
      const ps = softmaxRow(student[c][p], studentTemp);
      cropLoss += -pt.reduce((acc, q, k) => acc + q * Math.log(ps[k]), 0);
      masked++;
    }
    total += cropLoss / Math.max(masked, 1);
  }
  return total / student.length;
}
