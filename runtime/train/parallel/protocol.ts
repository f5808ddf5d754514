// Messages between the training orchestrator and replica worker threads (structured-clone data only;
// gradients travel through a SharedArrayBuffer, one slot per replica plus one for their sum).

export type ReplicaKind = 'dino' | 'supervised';

export interface GradientBuffer {
  buffer: SharedArrayBuffer;
  /** Floats per slot. */
  size: number;
  /** This replica's slot; the summed gradient is in slot `summedSlot`. */
  slot: number;
  summedSlot: number;
}

export type ToWorker =
  | { type: 'init'; kind: ReplicaKind; init: unknown; backend: string; gradients: GradientBuffer }
  | { type: 'step'; step: unknown }
  | { type: 'apply'; update: unknown }
  | { type: 'checksum' }
  | { type: 'dispose' };

export type FromWorker =
  | { type: 'ready'; gradientSize: number }
  | { type: 'shard'; aux: unknown }
  | { type: 'checksum'; value: number }
  | { type: 'disposed' }
  | { type: 'error'; message: string };

export function slotView(g: GradientBuffer, slot: number): Float32Array {
  return new Float32Array(g.buffer, slot * g.size * 4, g.size);
}
