// data.format "auto": tells a data set's layout from what is on disk. A .csv/.json file, or a folder holding
// manifest.csv/.json, is a manifest; a folder with .npy stacks is MRNet-style; one whose sub-folders are all named
// by the task's classes is an image folder; one holding DICOM files is a study tree.
import { existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { findDicomFiles } from '../../dicom/dicom-files.ts';
import { parseLabel } from '../label-value.ts';
import { tryFindManifest } from '../manifest.ts';
import type { DataFormat } from './adapter.ts';
import { dataSourceError } from './data-source.ts';
import { listFiles, listSubfolders } from './folder-walk.ts';

export function detectFormat(path: string, labels: readonly string[]): DataFormat {
  if (!existsSync(path)) throw dataSourceError(path, 'no such file or folder');
  if (!statSync(path).isDirectory()) {
    const extension = extname(path).toLowerCase();
    if (extension === '.csv' || extension === '.json') return 'manifest';
    throw dataSourceError(path, `a file data source must be a manifest (.csv or .json), not "${extension || 'no extension'}"`);
  }
  if (tryFindManifest(path)) return 'manifest';
  if (listFiles(path).some((f) => f.toLowerCase().endsWith('.npy'))) return 'mrnet';
  const folders = listSubfolders(path);
  if (folders.length > 0 && folders.every((f) => typeof parseLabel(f, false, { names: labels }) === 'number')) return 'image-folder';
  if (findDicomFiles(path).length > 0) return 'dicom-tree';
  const classes = labels.map((l) => join(path, l)).join(', ');
  throw dataSourceError(path, `cannot tell the layout: no manifest.csv/.json, no .npy stacks, no class folders (${classes}) and no DICOM files; set data.format`);
}
