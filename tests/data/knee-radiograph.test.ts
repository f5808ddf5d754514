import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { attenuationAt } from '../../runtime/data/phantoms/knee-attenuation.ts';
import { buildKneeGeometry } from '../../runtime/data/phantoms/knee-geometry.ts';
import {
  CLEAN_EXPOSURE, drawKneeAnatomy, drawKneeExposure, drawKneePose, KL_GRADES, NEUTRAL_POSE, type KlGrade, type KneeParams,
} from '../../runtime/data/phantoms/knee-params.ts';
import { DISPLAY_GAIN, renderFilmDensity, renderKneeRadiograph } from '../../runtime/data/phantoms/knee-radiograph.ts';
import { drawKneeSigns } from '../../runtime/data/phantoms/kl-signs.ts';
import { resizeGray } from '../../runtime/data/resize.ts';

/** `bonesOnly` drops texture, soft tissue and patella so that only bone outlines remain (background 0). */
function cleanKnee(seed: number, grade: KlGrade, bonesOnly = false): KneeParams {
  const rng = new Rng(seed);
  const anatomy = drawKneeAnatomy(rng.fork('anatomy'));
  if (bonesOnly) Object.assign(anatomy, { trabeculae: [], softTissue: 0, patellaOpacity: 0 });
  return { anatomy, signs: drawKneeSigns(grade, rng.fork('signs')), pose: NEUTRAL_POSE, exposure: CLEAN_EXPOSURE };
}

/**
 * Joint-space width (frame units) measured on a bones-only image: along the column through a condyle's lowest
 * point, the summed darkness relative to the tibial interior (background is 0).
 */
function measuredJointSpace(image: Float32Array, size: number, u: number, jointLevel: number): number {
  const toRow = (v: number): number => Math.round(((v + 1) / 2) * size - 0.5);
  const x = Math.round(((u + 1) / 2) * size - 0.5);
  const bone = image[toRow(jointLevel + 0.25) * size + x];
  let dark = 0;
  for (let y = toRow(jointLevel - 0.15); y <= toRow(jointLevel + 0.15); y++) {
    dark += Math.min(Math.max(1 - image[y * size + x] / bone, 0), 1);
  }
  return (dark * 2) / size;
}

describe('renderKneeRadiograph', () => {
  it('returns size² values in [0, 1] and is deterministic in its inputs', () => {
    const rng = new Rng(3);
    const params: KneeParams = { ...cleanKnee(1, 2), pose: drawKneePose(rng, true), exposure: drawKneeExposure(rng) };
    const a = renderKneeRadiograph(params, 48, new Rng(9));
    const b = renderKneeRadiograph(params, 48, new Rng(9));
    expect(a.length).toBe(48 * 48);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(() => renderKneeRadiograph(params, 4, rng)).toThrow(/image size/);
  });

  it('a mirrored pose renders the horizontal flip', () => {
    const params = cleanKnee(5, 3);
    const size = 40;
    const plain = renderFilmDensity(params, size);
    const mirrored = renderFilmDensity({ ...params, pose: { ...NEUTRAL_POSE, mirrored: true } }, size);
    let worst = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) worst = Math.max(worst, Math.abs(plain[y * size + x] - mirrored[y * size + size - 1 - x]));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('edges are anti-aliased: much closer to a supersampled render than point sampling is', () => {
    // Compared as attenuation (undoing the display curve), bones only, so only the edges' coverage counts.
    // Reference: a 512-px render box-filtered to 64 px. Point sampling: one 512-px pixel near each 64-px
    // pixel centre (a 1/8-pixel footprint, i.e. no anti-aliasing).
    const attenuation = (image: Float32Array): Float32Array => image.map((d) => -Math.log(1 - d) / DISPLAY_GAIN);
    for (const grade of [0, 4] as const) {
      const params = cleanKnee(11, grade, true);
      const fine = attenuation(renderFilmDensity(params, 512));
      const reference = resizeGray({ pixels: fine, width: 512, height: 512 }, 64, 64).pixels;
      const direct = attenuation(renderFilmDensity(params, 64));
      let directError = 0;
      let pointError = 0;
      for (let y = 0; y < 64; y++) {
        for (let x = 0; x < 64; x++) {
          const i = y * 64 + x;
          directError += Math.abs(direct[i] - reference[i]);
          pointError += Math.abs(fine[(8 * y + 4) * 512 + 8 * x + 4] - reference[i]);
        }
      }
      // Measured: 0.15 (KL 0) and 0.22 (KL 4).
      expect(directError).toBeLessThan(0.3 * pointError);
    }
  });

  it('the bounding bands never change the attenuation', () => {
    const rng = new Rng(21);
    for (let k = 0; k < 40; k++) {
      const params = cleanKnee(100 + k, KL_GRADES[k % 5]);
      const geometry = buildKneeGeometry(params.anatomy, params.signs);
      const bounded = { geometry, anatomy: params.anatomy, signs: params.signs };
      const unbounded = { ...bounded, geometry: { ...geometry, femurMaxV: Infinity, tibiaMinV: -Infinity } };
      for (let i = 0; i < 500; i++) {
        const u = rng.uniform(-1.3, 1.3);
        const v = rng.uniform(-1.3, 1.3);
        expect(attenuationAt(bounded, u, v, 1 / 32, 0.3)).toBe(attenuationAt(unbounded, u, v, 1 / 32, 0.3));
      }
    }
  });

  it('measured medial joint-space width tracks the parameter and decreases with grade', () => {
    const size = 128;
    const means: number[] = [];
    for (const grade of KL_GRADES) {
      let total = 0;
      const knees = 12;
      for (let k = 0; k < knees; k++) {
        const params = cleanKnee(1000 + 31 * k + grade, grade, true);
        const g = buildKneeGeometry(params.anatomy, params.signs);
        const measured = measuredJointSpace(renderFilmDensity(params, size), size, -g.condyleCentreU, params.anatomy.jointLevel);
        const expected = g.tibiaTopMedial - g.femurBottomMedial;
        // Within about a pixel (2/size) plus the rounded margins of the darkness band.
        expect(Math.abs(measured - expected)).toBeLessThan(0.035);
        total += measured;
      }
      means.push(total / knees);
    }
    for (let g = 1; g < means.length; g++) expect(means[g]).toBeLessThan(means[g - 1]);
    expect(means[4]).toBeLessThan(0.5 * means[0]);
  });

  it('the medial compartment narrows before the lateral one', () => {
    const size = 128;
    let medial = 0;
    let lateral = 0;
    for (let k = 0; k < 10; k++) {
      const params = cleanKnee(500 + k, 3, true);
      const g = buildKneeGeometry(params.anatomy, params.signs);
      const image = renderFilmDensity(params, size);
      medial += measuredJointSpace(image, size, -g.condyleCentreU, params.anatomy.jointLevel);
      lateral += measuredJointSpace(image, size, g.condyleCentreU, params.anatomy.jointLevel);
    }
    expect(medial).toBeLessThan(0.8 * lateral);
  });
});
