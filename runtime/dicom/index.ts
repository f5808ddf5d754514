// Public surface of the DICOM layer: reading Part 10 files (native, JPEG, JPEG-LS, JPEG 2000, RLE) into stored,
// modality and display values; writing grayscale images as DICOM; conversion to PNG / .npy.
export { readDicom, type DicomImage } from './read-dicom.ts';
export type { DicomMeta, Photometric, VoiLutFunction } from './dicom-meta.ts';
export { DicomError, type DicomProblem } from './dicom-error.ts';
export { describeTransferSyntaxUid, SUPPORTED_TRANSFER_SYNTAXES, tryGetTransferSyntax, type PixelEncoding, type TransferSyntax } from './transfer-syntax.ts';
export { effectiveWindow, minMaxWindow, toDisplayValues, toModalityValues, type DisplayWindow } from './pixel-transforms.ts';
export { encodeDicom, writeDicom, EXPLICIT_VR_LITTLE_ENDIAN, type DicomWriteInput } from './write-dicom.ts';
export { FULL_RANGE_16BIT_WINDOW, grayImageToDicom, readDicomGray, type DicomIdentity } from './gray-image-dicom.ts';
export { encodeNpyFloat32, writeNpyFloat32 } from './npy.ts';
export { findDicomFiles, isDicomFileName } from './dicom-files.ts';
export {
  convertDicom, convertDicomFile, convertDicomFolder, ConvertUsageError,
  type ConvertErrorMode, type ConvertFormat, type ConvertOptions, type ConvertProgress, type ConvertReport, type SkippedFile,
} from './convert.ts';
