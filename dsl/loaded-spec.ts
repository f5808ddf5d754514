// What a spec loader hands to validation: the raw document plus a way back from a field's JSON
// pointer to where the user wrote it, so every issue can cite file:line:column.

/** 1-based position in the source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface LoadedSpec {
  /** The file as the user named it (relative to the working directory when inside it). */
  file: string;
  format: 'yaml' | 'ts';
  /** The document as parsed (YAML) or default-exported (TS); not yet validated. */
  raw: unknown;
  /**
   * Where the field at `pointer` is written: the key of an object property, the element of an array.
   * Undefined when that field is not literally written in the source (defaulted, computed, spread …).
   */
  locate(pointer: string): SourcePosition | undefined;
}
