// Named trainable tensors of one model instance. Each store owns its tf.Variables under a unique prefix,
// so two models (student and teacher) can never share a variable, and converts to/from plain WeightMaps.
import * as tf from '@tensorflow/tfjs';
import { weightSize, type WeightMap } from './weights.ts';

let nextStoreId = 0;

export class ParamStore {
  readonly prefix: string;
  private readonly vars = new Map<string, tf.Variable>();

  constructor(label: string) {
    this.prefix = `${label}#${nextStoreId++}`;
  }

  add(name: string, shape: number[], data: Float32Array): tf.Variable {
    if (this.vars.has(name)) throw new Error(`parameter ${name} defined twice`);
    if (data.length !== weightSize(shape)) throw new Error(`parameter ${name}: ${data.length} values for shape [${shape}]`);
    const initial = tf.tensor(data, shape, 'float32');
    const variable = tf.variable(initial, true, `${this.prefix}/${name}`);
    initial.dispose(); // the variable holds its own reference to the buffer
    this.vars.set(name, variable);
    return variable;
  }

  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no parameter named ${name} (have: ${[...this.vars.keys()].slice(0, 8).join(', ')}, …)`);
    return v;
  }

  names(): string[] {
    return [...this.vars.keys()];
  }

  variables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  entries(): Array<[string, tf.Variable]> {
    return [...this.vars.entries()];
  }

  /** Number of scalar parameters. */
  size(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  toWeights(): WeightMap {
    const out: WeightMap = new Map();
    for (const [name, v] of this.vars) out.set(name, { shape: [...v.shape], data: new Float32Array(v.dataSync()) });
    return out;
  }

  /** Replaces every parameter's value; the map must hold exactly this store's names and shapes. */
  load(weights: WeightMap): void {
    for (const name of weights.keys()) if (!this.vars.has(name)) throw new Error(`unexpected weight ${name}`);
    for (const [name, v] of this.vars) {
      const w = weights.get(name);
      if (!w) throw new Error(`missing weight ${name}`);
      if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
        throw new Error(`weight ${name}: shape [${w.shape}] does not match [${v.shape}]`);
      }
      this.assign(name, w.data);
    }
  }

  /** Overwrites one parameter from host memory (used by the optimiser and the EMA update). */
  assign(name: string, data: Float32Array): void {
    const v = this.get(name);
    tf.tidy(() => v.assign(tf.tensor(data, v.shape, 'float32')));
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
