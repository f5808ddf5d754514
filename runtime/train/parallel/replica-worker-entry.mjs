// Worker bootstrap: registers tsx so the TypeScript replica code loads without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./replica-worker.ts');
