// Pixel cells to stored values (PS3.5 §8.1.1): keep the Bits Stored bits that end at High Bit, and
// sign-extend them when Pixel Representation is 1. Bits outside that range (old overlays, padding) are dropped.

export interface StoredBits {
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
}

export function toStoredValues(cells: ArrayLike<number>, bits: StoredBits): Int32Array {
  const shift = bits.highBit + 1 - bits.bitsStored;
  const mask = 2 ** bits.bitsStored - 1;
  const signBit = 2 ** (bits.bitsStored - 1);
  const range = 2 ** bits.bitsStored;
  const signed = bits.pixelRepresentation === 1;
  const out = new Int32Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    // Cells are at most 16 bits, so the 32-bit operators are exact.
    const value = (cells[i] >>> shift) & mask;
    out[i] = signed && value >= signBit ? value - range : value;
  }
  return out;
}
