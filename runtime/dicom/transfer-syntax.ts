// Transfer syntaxes this reader decodes (PS3.5 §10 and Annex A), with the pixel encoding each one needs, and
// the names of common ones it does not, so an unsupported file gets a message a person can act on.

export type PixelEncoding = 'native' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg-2000' | 'rle';

export interface TransferSyntax {
  uid: string;
  name: string;
  encoding: PixelEncoding;
  littleEndian: boolean;
  explicitVr: boolean;
  /** The whole data set after the meta header is deflate-compressed (PS3.5 A.5). */
  deflated: boolean;
  lossy: boolean;
}

function syntax(uid: string, name: string, encoding: PixelEncoding, lossy = false): TransferSyntax {
  return { uid, name, encoding, littleEndian: true, explicitVr: true, deflated: false, lossy };
}

const SUPPORTED: readonly TransferSyntax[] = [
  { ...syntax('1.2.840.10008.1.2', 'Implicit VR Little Endian', 'native'), explicitVr: false },
  syntax('1.2.840.10008.1.2.1', 'Explicit VR Little Endian', 'native'),
  { ...syntax('1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'native'), deflated: true },
  { ...syntax('1.2.840.10008.1.2.2', 'Explicit VR Big Endian', 'native'), littleEndian: false },
  syntax('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1, 8-bit)', 'jpeg-baseline', true),
  syntax('1.2.840.10008.1.2.4.57', 'JPEG Lossless (Process 14)', 'jpeg-lossless'),
  syntax('1.2.840.10008.1.2.4.70', 'JPEG Lossless (Process 14, SV1)', 'jpeg-lossless'),
  syntax('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpeg-ls'),
  syntax('1.2.840.10008.1.2.4.81', 'JPEG-LS Near-Lossless', 'jpeg-ls', true),
  syntax('1.2.840.10008.1.2.4.90', 'JPEG 2000 (Lossless Only)', 'jpeg-2000'),
  syntax('1.2.840.10008.1.2.4.91', 'JPEG 2000', 'jpeg-2000', true),
  syntax('1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'),
];

const KNOWN_UNSUPPORTED: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4, 12-bit)',
  '1.2.840.10008.1.2.4.53': 'JPEG Spectral Selection, Non-Hierarchical',
  '1.2.840.10008.1.2.4.55': 'JPEG Full Progression, Non-Hierarchical',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component (Lossless Only)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
};

export const SUPPORTED_TRANSFER_SYNTAXES: readonly TransferSyntax[] = SUPPORTED;

export function tryGetTransferSyntax(uid: string): TransferSyntax | undefined {
  return SUPPORTED.find((s) => s.uid === uid);
}

/** "JPEG Extended (…) (1.2.840.10008.1.2.4.51)", or the bare UID when it is not a known one. */
export function describeTransferSyntaxUid(uid: string): string {
  const name = tryGetTransferSyntax(uid)?.name ?? KNOWN_UNSUPPORTED[uid];
  return name === undefined ? uid : `${name} (${uid})`;
}
