// Cross-field rules of DINO multi-crop (Caron et al. 2021): local views are smaller than global ones,
// no crop exceeds the image, every size tiles into ViT patches, and a scale range is 0 < min ≤ max ≤ 1.
import type { Finding } from './finding.ts';
import { arrayAt, numberAt, stringAt } from './semantic-values.ts';

const IMAGE_SIZE = '/data/imageSize';
const PATCH_SIZE = '/backbone/patchSize';
const CROP_KINDS = ['global', 'local'] as const;

export function cropFindings(resolved: unknown): Finding[] {
  const findings: Finding[] = [];
  const patch = numberAt(resolved, PATCH_SIZE);
  const image = numberAt(resolved, IMAGE_SIZE);
  if (patch !== undefined && image !== undefined && image % patch !== 0) {
    findings.push({ path: IMAGE_SIZE, involves: [PATCH_SIZE], message: `data.imageSize ${image} is not a multiple of backbone.patchSize ${patch}` });
  }
  for (const kind of CROP_KINDS) findings.push(...scaleFindings(resolved, kind));
  if (stringAt(resolved, '/pretrain/method') !== 'dino') return findings;

  for (const kind of CROP_KINDS) {
    if (!isActive(resolved, kind)) continue;
    const sizePath = `/pretrain/crops/${kind}/size`;
    const size = numberAt(resolved, sizePath);
    if (size === undefined) continue;
    if (image !== undefined && size > image) {
      findings.push({ path: sizePath, involves: [IMAGE_SIZE], message: `${kind} crop size ${size} must be <= data.imageSize ${image}` });
    }
    if (patch !== undefined && size % patch !== 0) {
      findings.push({ path: sizePath, involves: [PATCH_SIZE], message: `${kind} crop size ${size} is not a multiple of backbone.patchSize ${patch}` });
    }
  }
  const globalSize = numberAt(resolved, '/pretrain/crops/global/size');
  const localSize = numberAt(resolved, '/pretrain/crops/local/size');
  if (isActive(resolved, 'local') && globalSize !== undefined && localSize !== undefined && localSize > globalSize) {
    findings.push({
      path: '/pretrain/crops/local/size',
      involves: ['/pretrain/crops/global/size'],
      message: `local crop size ${localSize} must be <= global crop size ${globalSize}`,
    });
  }
  findings.push(...viewCountFindings(resolved));
  return findings;
}

/** DINO's loss pairs each teacher global view with every other student view, so it needs ≥ 1 global and ≥ 2 views. */
function viewCountFindings(resolved: unknown): Finding[] {
  const globalCount = numberAt(resolved, '/pretrain/crops/global/count');
  const localCount = numberAt(resolved, '/pretrain/crops/local/count');
  if (globalCount === undefined || localCount === undefined) return [];
  if (globalCount < 1) {
    return [{ path: '/pretrain/crops/global/count', message: 'DINO needs at least 1 global crop (the teacher sees only global crops)' }];
  }
  if (globalCount + localCount < 2) {
    return [{
      path: '/pretrain/crops/global/count',
      involves: ['/pretrain/crops/local/count'],
      message: 'DINO needs at least 2 crops per image (global + local) to form teacher–student pairs',
    }];
  }
  return [];
}

function scaleFindings(resolved: unknown, kind: 'global' | 'local'): Finding[] {
  const path = `/pretrain/crops/${kind}/scale`;
  const scale = arrayAt(resolved, path);
  if (scale === undefined || scale.length !== 2 || !scale.every((v) => typeof v === 'number')) return [];
  const [min, max] = scale as [number, number];
  if (!(min > 0 && min <= 1 && max > 0 && max <= 1)) {
    return [{ path, message: `${kind} crop scale values must lie in (0, 1] (got [${min}, ${max}])` }];
  }
  if (min > max) return [{ path, message: `${kind} crop scale min ${min} must be <= max ${max}` }];
  return [];
}

function isActive(resolved: unknown, kind: 'global' | 'local'): boolean {
  const count = numberAt(resolved, `/pretrain/crops/${kind}/count`);
  return count === undefined || count > 0;
}
