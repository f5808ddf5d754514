// Contact sheet of the synthetic KL phantoms, a row per grade, for eyeballing the generator: the same draws
// as generateKlDataset (anatomy, signs, pose, exposure), `perClass` knees of each grade.
import { Rng } from '../../../benchmarks/rng.ts';
import type { GrayImage } from '../png.ts';
import { writeContactSheet, type PreviewSample } from '../preview.ts';
import { drawKneeSigns } from './kl-signs.ts';
import {
  CLEAN_EXPOSURE, drawKneeAnatomy, drawKneeExposure, drawKneePose, KL_GRADES, NEUTRAL_POSE, type KneeParams,
} from './knee-params.ts';
import { renderKneeRadiograph } from './knee-radiograph.ts';

export interface KlPreviewOptions {
  imageSize: number;
  perClass: number;
  seed: number;
  /** Tile side in the sheet (defaults to imageSize; larger values magnify small images). */
  tileSize?: number;
  /** Render without pose, exposure and artefact variation, to judge the signs alone. */
  clean?: boolean;
}

export function writeKlContactSheet(file: string, o: KlPreviewOptions): GrayImage {
  const root = new Rng(o.seed).fork('kl-preview');
  const samples: PreviewSample[] = [];
  for (const grade of KL_GRADES) {
    for (let k = 0; k < o.perClass; k++) {
      const rng = root.fork(`${grade}:${k}`);
      const params: KneeParams = {
        anatomy: drawKneeAnatomy(rng.fork('anatomy')),
        signs: drawKneeSigns(grade, rng.fork('signs')),
        pose: o.clean ? NEUTRAL_POSE : drawKneePose(rng, rng.bernoulli(0.5)),
        exposure: o.clean ? CLEAN_EXPOSURE : drawKneeExposure(rng),
      };
      samples.push({ label: grade, pixels: renderKneeRadiograph(params, o.imageSize, rng) });
    }
  }
  return writeContactSheet(file, samples, o.perClass, o.tileSize ?? o.imageSize);
}
