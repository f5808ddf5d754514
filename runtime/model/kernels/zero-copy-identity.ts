// tfjs-wasm's Identity kernel copies the whole buffer, and autograd clones every tensor it saves for the
// backward pass through it (≈ 160 full-activation copies per DINO step). The cpu backend instead shares
// the buffer and bumps its reference count; this installs the same for wasm, whose buffers are already
// reference-counted (its Reshape shares them). Relies on BackendWasm.incRef — tfjs is pinned at 4.22.0.
import * as tf from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

function hasIncRef(backend: object): backend is RefCountingBackend {
  return typeof (backend as Partial<RefCountingBackend>).incRef === 'function';
}

let installed = false;

export function installZeroCopyIdentity(): void {
  if (installed) return;
  const original = tf.getKernel('Identity', 'wasm');
  if (!original) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === 'string' || !hasIncRef(args.backend)) return original.kernelFunc(args);
      args.backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  installed = true;
}
