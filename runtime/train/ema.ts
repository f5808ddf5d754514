// Teacher update of DINO: every teacher parameter becomes λ·teacher + (1 − λ)·student (momentum encoder,
// He et al. 2020), computed on host copies so that no tensors are created besides the written-back weights.
import type { ParamStore } from '../model/param-store.ts';

export function emaUpdate(teacher: Float32Array, student: Float32Array, momentum: number): void {
  const keep = momentum;
  const take = 1 - momentum;
  for (let i = 0; i < teacher.length; i++) teacher[i] = keep * teacher[i] + take * student[i];
}

/** Holds host copies of a teacher ParamStore and moves them towards a student's values each step. */
export class EmaTeacher {
  private readonly values = new Map<string, Float32Array>();

  constructor(private readonly teacher: ParamStore) {
    for (const [name, v] of teacher.entries()) this.values.set(name, new Float32Array(v.dataSync()));
  }

  /** `studentValues(name)` gives the student's current host copy of the same-named parameter. */
  update(studentValues: (name: string) => Float32Array, momentum: number): void {
    for (const [name, values] of this.values) {
      emaUpdate(values, studentValues(name), momentum);
      this.teacher.assign(name, values);
    }
  }
}
