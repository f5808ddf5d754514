// On-disk cache of decoded and resized frames: `<dir>/<aa>/<key>.f32`, where the key is a SHA-256 over the
// file's bytes and the preprocessing parameters (size, window, decoder version), so an edited file or a changed
// parameter misses and a second run of the same data reads the cache. Entries are written atomically; a
// damaged entry is recomputed. Old entries are never deleted (remove the folder to reclaim the space).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MAGIC = 0x4f425043; // "OBPC"
const FORMAT = 1;
const HEADER_WORDS = 4; // magic, format, frames, side

export interface PreprocessParams {
  /** Output side length: frames are square side × side. */
  imageSize: number;
  window?: { center: number; width: number };
  decoder: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

export function preprocessKey(bytes: Uint8Array, params: PreprocessParams): string {
  const canonical = JSON.stringify({ imageSize: params.imageSize, window: params.window ?? null, decoder: params.decoder });
  return createHash('sha256').update(bytes).update('\0').update(canonical).digest('hex');
}

export class PreprocessCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };

  /** `dir` undefined: nothing is cached (every call computes). */
  constructor(readonly dir: string | undefined) {}

  entryPath(key: string): string | undefined {
    return this.dir === undefined ? undefined : join(this.dir, key.slice(0, 2), `${key}.f32`);
  }

  /** The cached frames of these bytes under these parameters, computing and storing them on a miss. */
  frames(bytes: Uint8Array, params: PreprocessParams, compute: () => Float32Array[]): Float32Array[] {
    const file = this.entryPath(preprocessKey(bytes, params));
    const side = params.imageSize;
    const cached = file === undefined ? undefined : tryRead(file, side);
    if (cached) {
      this.stats.hits++;
      return cached;
    }
    this.stats.misses++;
    const frames = compute();
    if (file !== undefined) write(file, frames, side);
    return frames;
  }
}

function tryRead(file: string, side: number): Float32Array[] | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < HEADER_WORDS * 4) return undefined;
  // A copy: Node may hand back a slice of a shared pool, not aligned for Float32Array.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const [magic, format, count, storedSide] = new Uint32Array(buffer, 0, HEADER_WORDS);
  const frameValues = side * side;
  if (magic !== MAGIC || format !== FORMAT || storedSide !== side || bytes.length !== (HEADER_WORDS + count * frameValues) * 4) return undefined;
  return Array.from({ length: count }, (_, f) => new Float32Array(buffer, (HEADER_WORDS + f * frameValues) * 4, frameValues));
}

function write(file: string, frames: readonly Float32Array[], side: number): void {
  const frameValues = side * side;
  const out = new Float32Array(HEADER_WORDS + frames.length * frameValues);
  new Uint32Array(out.buffer, 0, HEADER_WORDS).set([MAGIC, FORMAT, frames.length, side]);
  frames.forEach((frame, f) => out.set(frame, HEADER_WORDS + f * frameValues));
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.partial`;
  writeFileSync(temporary, new Uint8Array(out.buffer));
  renameSync(temporary, file);
}
