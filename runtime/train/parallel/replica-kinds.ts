// Constructors of the replica kinds a worker thread can host, keyed by name (the worker receives only data).
import type { DinoReplicaInit } from '../dino-messages.ts';
import { DinoReplica } from '../dino-replica.ts';
import { SupervisedReplica, type SupervisedReplicaInit } from '../supervised-replica.ts';
import type { ReplicaKind } from './protocol.ts';
import type { Replica } from './replica.ts';

export type AnyReplica = Replica<unknown, unknown, unknown>;

export function createReplica(kind: ReplicaKind, init: unknown): AnyReplica {
  switch (kind) {
    case 'dino':
      return new DinoReplica(init as DinoReplicaInit) as unknown as AnyReplica;
    case 'supervised':
      return new SupervisedReplica(init as SupervisedReplicaInit) as unknown as AnyReplica;
  }
}
