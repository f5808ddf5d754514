// Worker-thread side of data-parallel training: hosts one replica at a time and answers the orchestrator's
// messages in order (init → step/apply … → dispose). Errors are reported back, never thrown into the void.
import { parentPort } from 'node:worker_threads';
import { initBackend, type BackendChoice } from '../../backend.ts';
import { slotView, type FromWorker, type GradientBuffer, type ToWorker } from './protocol.ts';
import { createReplica, type AnyReplica } from './replica-kinds.ts';

const port = parentPort;
if (!port) throw new Error('replica-worker.ts must run in a worker thread');

let replica: AnyReplica | undefined;
let gradients: GradientBuffer | undefined;
let backendReady: string | undefined;

function reply(message: FromWorker): void {
  port!.postMessage(message);
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init': {
      if (backendReady !== message.backend) {
        await initBackend(message.backend as BackendChoice);
        backendReady = message.backend;
      }
      replica?.dispose();
      replica = createReplica(message.kind, message.init);
      gradients = message.gradients;
      reply({ type: 'ready', gradientSize: replica.gradientSize });
      return;
    }
    case 'step': {
      const aux = replica!.computeShard(message.step, slotView(gradients!, gradients!.slot));
      reply({ type: 'shard', aux });
      return;
    }
    case 'apply':
      replica!.apply(slotView(gradients!, gradients!.summedSlot), message.update);
      return;
    case 'checksum':
      reply({ type: 'checksum', value: replica!.checksum() });
      return;
    case 'dispose':
      replica?.dispose();
      replica = undefined;
      reply({ type: 'disposed' });
      return;
  }
}

// Messages are handled strictly one after another: an async init must finish before the next step starts.
let queue = Promise.resolve();
port.on('message', (message: ToWorker) => {
  queue = queue.then(() => handle(message)).catch((error: unknown) => {
    reply({ type: 'error', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
  });
});
