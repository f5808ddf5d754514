// A backend-neutral, JSON-serialisable description of the ViT backbone: dimensions, the forward pass's
// conventions, and every parameter with its shape and initialiser. vit.ts builds from it; a second engine
// (e.g. ONNX or PyTorch) could execute the same description and load the same weights.
import { convDefaultSpecs, denseSpecs, normSpecs, type ParamSpec } from './param-specs.ts';
import { validateVitConfig, type VitConfig } from './vit-config.ts';

export interface VitDescription {
  kind: 'vit';
  /** Bumped when the meaning of a field changes. */
  version: 1;
  imageSize: number;
  patchSize: number;
  /** Base positional grid side, imageSize / patchSize. */
  grid: number;
  inChannels: 1 | 3;
  dim: number;
  depth: number;
  heads: number;
  mlpRatio: number;
  mlpHidden: number;
  registers: number;
  /** Initial LayerScale γ; 0 = no LayerScale parameters. */
  layerScale: number;
  /** Stochastic-depth rate of the last block (training only). */
  dropPath: number;
  /** The rate of each block, linear from 0 to dropPath. */
  dropPathRates: number[];
  inputNorm: { mean: number; std: number } | null;
  conventions: VitConventions;
  params: ParamSpec[];
}

/** What an executor must do the same way to reproduce the features. */
export interface VitConventions {
  /** Token order inside one image; registers get no positional embedding (DINOv2, timm). */
  tokenOrder: ['cls', 'registers', 'patches'];
  /** pos_embed row 0 is added to CLS, rows 1… to the patches (row-major over the grid). */
  posEmbed: 'cls-and-patches';
  /** How pos_embed is resampled for other crop sizes at run time (PyTorch F.interpolate, align_corners=False). */
  posEmbedResample: 'bilinear';
  /** Grayscale replicated to inChannels; pixels of a patch flattened channel, row, column (torch Conv2d). */
  patchFlatten: 'channel-row-column';
  /** Linear weights are [in, out] (torch's transposed); qkv columns q | k | v, each head-major. */
  linearLayout: 'in-out';
  layerNormEps: number;
  /** GELU as x·σ(1.5958·(x + 0.044715x³)), the tanh approximation (max 3e-4 from erf-GELU). */
  gelu: 'tanh-approximation';
  /** Pre-norm blocks: x + drop(γ₁·attn(LN₁ x)), then x + drop(γ₂·mlp(LN₂ x)). */
  block: 'pre-norm';
  /** Features: the CLS row after the final LayerNorm. */
  output: 'cls-after-final-norm';
}

const CONVENTIONS: VitConventions = {
  tokenOrder: ['cls', 'registers', 'patches'],
  posEmbed: 'cls-and-patches',
  posEmbedResample: 'bilinear',
  patchFlatten: 'channel-row-column',
  linearLayout: 'in-out',
  layerNormEps: 1e-6,
  gelu: 'tanh-approximation',
  block: 'pre-norm',
  output: 'cls-after-final-norm',
};

/** timm's `torch.linspace(0, rate, depth)`: block i drops its branches with rate·i/(depth − 1). */
export function dropPathRates(depth: number, rate: number): number[] {
  if (depth === 1) return [0];
  return Array.from({ length: depth }, (_, i) => (rate * i) / (depth - 1));
}

/** Every parameter with its shape and its DINO/timm initialiser, in a fixed order. */
function vitParamSpecs(c: Required<Omit<VitConfig, 'inputNorm'>>): ParamSpec[] {
  const d = c.dim;
  const hidden = Math.round(d * c.mlpRatio);
  const grid = c.imageSize / c.patchSize;
  const specs: ParamSpec[] = [
    { name: 'cls_token', shape: [1, 1, d], init: 'trunc-normal' },
    { name: 'pos_embed', shape: [1, grid * grid + 1, d], init: 'trunc-normal' },
    // DINO/timm initialise only nn.Linear with trunc-normal 0.02; the patch embedding is a Conv2d and keeps
    // PyTorch's default U(±1/√fan_in) for weight and bias — 3–4× larger, so image content reaches the tokens
    ...convDefaultSpecs('patch_embed.proj', c.inChannels * c.patchSize * c.patchSize, d),
  ];
  if (c.registers > 0) specs.push({ name: 'register_tokens', shape: [1, c.registers, d], init: { normalStd: 1e-6 } });
  const scale = (name: string): ParamSpec[] => (c.layerScale > 0 ? [{ name, shape: [d], init: { constant: c.layerScale } }] : []);
  for (let i = 0; i < c.depth; i++) {
    specs.push(
      ...normSpecs(`blocks.${i}.norm1`, d),
      ...denseSpecs(`blocks.${i}.attn.qkv`, d, 3 * d),
      ...denseSpecs(`blocks.${i}.attn.proj`, d, d),
      ...scale(`blocks.${i}.ls1.gamma`),
      ...normSpecs(`blocks.${i}.norm2`, d),
      ...denseSpecs(`blocks.${i}.mlp.fc1`, d, hidden),
      ...denseSpecs(`blocks.${i}.mlp.fc2`, hidden, d),
      ...scale(`blocks.${i}.ls2.gamma`),
    );
  }
  specs.push(...normSpecs('norm', d));
  return specs;
}

export function describeVit(config: VitConfig): VitDescription {
  validateVitConfig(config);
  const full = {
    imageSize: config.imageSize,
    patchSize: config.patchSize,
    dim: config.dim,
    depth: config.depth,
    heads: config.heads,
    mlpRatio: config.mlpRatio,
    registers: config.registers ?? 0,
    layerScale: config.layerScale ?? 0,
    dropPath: config.dropPath ?? 0,
    inChannels: config.inChannels ?? 1,
  };
  return {
    kind: 'vit',
    version: 1,
    ...full,
    grid: config.imageSize / config.patchSize,
    mlpHidden: Math.round(config.dim * config.mlpRatio),
    dropPathRates: dropPathRates(config.depth, full.dropPath),
    inputNorm: config.inputNorm ? { ...config.inputNorm } : null,
    conventions: { ...CONVENTIONS, tokenOrder: [...CONVENTIONS.tokenOrder] },
    params: vitParamSpecs(full),
  };
}

/** The VitConfig a description was made from (describeVit(vitConfigOf(d)) equals d). */
export function vitConfigOf(d: VitDescription): VitConfig {
  if (d.kind !== 'vit' || d.version !== 1) throw new Error(`not a version-1 ViT description (kind ${String(d.kind)}, version ${String(d.version)})`);
  const config: VitConfig = {
    imageSize: d.imageSize,
    patchSize: d.patchSize,
    dim: d.dim,
    depth: d.depth,
    heads: d.heads,
    mlpRatio: d.mlpRatio,
    registers: d.registers,
    layerScale: d.layerScale,
    dropPath: d.dropPath,
    inChannels: d.inChannels,
  };
  if (d.inputNorm) config.inputNorm = { ...d.inputNorm };
  return config;
}

/** Number of scalar parameters the description declares. */
export function parameterCount(d: VitDescription): number {
  return d.params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}
