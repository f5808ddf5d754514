// Guards the failure mode "teacher and student accidentally share weights": two sets of models must not
// hold the same tf.Variable or the same underlying tensor data.
import type { ParamStore } from '../model/param-store.ts';

export function assertNoSharedVariables(a: readonly ParamStore[], b: readonly ParamStore[]): void {
  const names = new Set<string>();
  const data = new Set<object>();
  for (const store of a) {
    for (const v of store.variables()) {
      names.add(v.name);
      data.add(v.dataId);
    }
  }
  for (const store of b) {
    for (const v of store.variables()) {
      if (names.has(v.name) || data.has(v.dataId)) throw new Error(`variable ${v.name} is shared between teacher and student`);
    }
  }
}
