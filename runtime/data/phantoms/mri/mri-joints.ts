// The MRI phantom generators by name (a task's `phantom.generator`): each draws a patient's anatomy and
// builds the scene of one exam with its findings.
import type { Rng } from '../../../../benchmarks/rng.ts';
import { buildAnkleScene, drawAnkleAnatomy } from './ankle-scene.ts';
import { buildHipScene, drawHipAnatomy } from './hip-scene.ts';
import { buildKneeScene } from './knee-scene.ts';
import { buildShoulderScene, drawShoulderAnatomy } from './shoulder-scene.ts';
import { drawKneeMriAnatomy } from './knee-anatomy.ts';
import type { ExamFindings } from './lesion-draw.ts';
import type { MriScene } from './scene.ts';

export interface MriJoint {
  scene(rng: Rng, findings: ExamFindings): MriScene;
}

const JOINTS: Readonly<Record<string, MriJoint>> = {
  'knee-mri': { scene: (rng, findings) => buildKneeScene(drawKneeMriAnatomy(rng), findings) },
  'hip-mri': { scene: (rng, findings) => buildHipScene(drawHipAnatomy(rng), findings) },
  'shoulder-mri': { scene: (rng, findings) => buildShoulderScene(drawShoulderAnatomy(rng), findings) },
  'ankle-mri': { scene: (rng, findings) => buildAnkleScene(drawAnkleAnatomy(rng), findings) },
};

export function mriJoint(generator: string): MriJoint {
  const joint = JOINTS[generator];
  if (!joint) throw new Error(`no MRI phantom "${generator}" (available: ${Object.keys(JOINTS).join(', ')})`);
  return joint;
}
