// Sinkhorn–Knopp written loop by loop as DINOv2's `sinkhorn_knopp_teacher` states it (exp, divide by the total,
// then rows of the K×B matrix to 1/K and columns to 1/B, finally ×B); the check for sinkhorn.ts.

/** Assignments [B][K] of teacher logits [B][K] at temperature τ after `iterations` normalisation rounds. */
export function sinkhornKnoppReference(teacher: number[][], teacherTemp: number, iterations = 3): number[][] {
  const b = teacher.length;
  const k = teacher[0].length;
  // q[j][i]: prototype j, sample i (the reference's K-by-B layout)
  const q = Array.from({ length: k }, (_, j) => teacher.map((row) => Math.exp(row[j] / teacherTemp)));
  const total = q.flat().reduce((acc, v) => acc + v, 0);
  for (const row of q) for (let i = 0; i < b; i++) row[i] /= total;
  for (let it = 0; it < iterations; it++) {
    for (const row of q) {
      const rowSum = row.reduce((acc, v) => acc + v, 0);
      for (let i = 0; i < b; i++) row[i] = row[i] / rowSum / k;
    }
    for (let i = 0; i < b; i++) {
      let columnSum = 0;
      for (let j = 0; j < k; j++) columnSum += q[j][i];
      for (let j = 0; j < k; j++) q[j][i] = q[j][i] / columnSum / b;
    }
  }
  return Array.from({ length: b }, (_, i) => Array.from({ length: k }, (_, j) => q[j][i] * b));
}
