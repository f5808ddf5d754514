// 5×7 bitmaps of the lead side markers ("L", "R") that radiographers place in the field.

const GLYPHS: Record<'L' | 'R', readonly string[]> = {
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
};

export const GLYPH_COLUMNS = 5;
export const GLYPH_ROWS = 7;

/** Whether the glyph cell (column, row) is ink; outside the glyph is blank. */
export function glyphInk(letter: 'L' | 'R', column: number, row: number): boolean {
  const line = GLYPHS[letter][row];
  return line !== undefined && line[column] === '#';
}
