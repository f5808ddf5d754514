// Plain-number versions of the DINO loss and centre update, written loop by loop from the paper's
// definitions; used to check the tensor implementation and to read the maths without tfjs in the way.

export function softmaxRow(row: readonly number[], temperature = 1): number[] {
  const scaled = row.map((v) => v / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/**
 * student[v][b][k] over all V views (globals first), teacher[u][b][k] over the G global views.
 * Returns mean over pairs u ≠ v of mean_b −Σ_k P_t(u)[b][k] log P_s(v)[b][k].
 */
export function dinoLossReference(
  student: number[][][], teacher: number[][][], center: readonly number[], studentTemp: number, teacherTemp: number,
): number {
  let total = 0;
  let pairs = 0;
  for (let u = 0; u < teacher.length; u++) {
    for (let v = 0; v < student.length; v++) {
      if (v === u) continue;
      let pairLoss = 0;
      for (let b = 0; b < teacher[u].length; b++) {
        const pt = softmaxRow(teacher[u][b].map((t, k) => t - center[k]), teacherTemp);
        const ps = softmaxRow(student[v][b], studentTemp);
        pairLoss += -pt.reduce((acc, p, k) => acc + p * Math.log(ps[k]), 0);
      }
      total += pairLoss / teacher[u].length;
      pairs++;
    }
  }
  return total / pairs;
}

/** c ← m·c + (1 − m)·mean of the teacher rows (all global views pooled). */
export function updateCenterReference(center: readonly number[], teacherRows: number[][], momentum: number): number[] {
  return center.map((c, k) => {
    const mean = teacherRows.reduce((acc, row) => acc + row[k], 0) / teacherRows.length;
    return momentum * c + (1 - momentum) * mean;
  });
}
