// Declarative parameter lists (name, shape, initialiser) shared by model constructors, so that a model
// built from a seed and one rebuilt from saved weights have exactly the same names and shapes.
import type { Rng } from '../../benchmarks/rng.ts';
import { filled, normal, truncNormal, uniformFanIn } from './init.ts';
import { ParamStore } from './param-store.ts';
import type { WeightMap } from './weights.ts';

/**
 * How a parameter starts: trunc-normal std 0.02 (timm/DINO Linear), constants, torch's default U(±1/√fanIn),
 * a constant value (LayerScale γ) or a plain normal of the given std (DINOv2 register tokens, std 1e-6).
 */
export type ParamInit = 'trunc-normal' | 'zeros' | 'ones' | { uniformFanIn: number } | { constant: number } | { normalStd: number };

export interface ParamSpec {
  name: string;
  shape: number[];
  init: ParamInit;
}

export function denseSpecs(name: string, fanIn: number, fanOut: number): ParamSpec[] {
  return [
    { name: `${name}.weight`, shape: [fanIn, fanOut], init: 'trunc-normal' },
    { name: `${name}.bias`, shape: [fanOut], init: 'zeros' },
  ];
}

/** A layer with PyTorch's default (Conv2d / Linear) initialisation: weight and bias U(±1/√fanIn). */
export function convDefaultSpecs(name: string, fanIn: number, fanOut: number): ParamSpec[] {
  return [
    { name: `${name}.weight`, shape: [fanIn, fanOut], init: { uniformFanIn: fanIn } },
    { name: `${name}.bias`, shape: [fanOut], init: { uniformFanIn: fanIn } },
  ];
}

export function normSpecs(name: string, dim: number): ParamSpec[] {
  return [
    { name: `${name}.weight`, shape: [dim], init: 'ones' },
    { name: `${name}.bias`, shape: [dim], init: 'zeros' },
  ];
}

function initialValues(spec: ParamSpec, rng: Rng): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.init === 'trunc-normal') return truncNormal(rng.fork(spec.name), size);
  if (spec.init === 'zeros') return filled(size, 0);
  if (spec.init === 'ones') return filled(size, 1);
  if ('constant' in spec.init) return filled(size, spec.init.constant);
  if ('normalStd' in spec.init) return normal(rng.fork(spec.name), size, spec.init.normalStd);
  return uniformFanIn(rng.fork(spec.name), size, spec.init.uniformFanIn);
}

/** Each parameter draws from its own `rng.fork(name)` stream, so adding one never shifts the others. */
export function buildParamStore(label: string, specs: ParamSpec[], rng: Rng): ParamStore {
  const store = new ParamStore(label);
  for (const spec of specs) store.add(spec.name, spec.shape, initialValues(spec, rng));
  return store;
}

export function paramStoreFromWeights(label: string, specs: ParamSpec[], weights: WeightMap): ParamStore {
  const known = new Set(specs.map((s) => s.name));
  for (const name of weights.keys()) if (!known.has(name)) throw new Error(`unexpected weight ${name}`);
  const store = new ParamStore(label);
  for (const spec of specs) {
    const w = weights.get(spec.name);
    if (!w) throw new Error(`missing weight ${spec.name}`);
    if (w.shape.length !== spec.shape.length || w.shape.some((d, i) => d !== spec.shape[i])) {
      throw new Error(`weight ${spec.name}: shape [${w.shape}] does not match [${spec.shape}]`);
    }
    store.add(spec.name, spec.shape, w.data);
  }
  return store;
}
