// The one error type of the DICOM layer: every failure names the file and says which problem it is, so a
// caller can report it, or skip the file and list it (issue 3, item 7).

export type DicomProblem =
  | 'missing-file'
  | 'unreadable-file'
  | 'not-dicom'
  | 'corrupt'
  | 'truncated'
  | 'unsupported-transfer-syntax'
  | 'unsupported-image'
  | 'decode-failed';

export class DicomError extends Error {
  constructor(
    readonly file: string,
    readonly problem: DicomProblem,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'DicomError';
  }
}

/** dicom-parser throws strings, Errors, or `{ exception, dataSet }` objects; this gives one readable line. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (typeof thrown === 'object' && thrown !== null && 'exception' in thrown) return describeThrown(thrown.exception);
  return String(thrown);
}
