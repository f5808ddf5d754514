// One typed array holding several in order (shard results, per-crop masks), without a copy through number[].
export function concatTyped<T extends Uint8Array | Float32Array>(parts: readonly T[], create: (length: number) => T): T {
  const out = create(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
