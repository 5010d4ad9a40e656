/**
 * The handwriting model file: every character's stroke medians (the centre
 * line of each stroke, in writing order and direction) on a 128×128 grid.
 * Written by scripts/handwriting/build-model.ts from the Make Me a Hanzi data,
 * read by the kiosk. Medians, not precomputed features, are shipped: they are
 * several times smaller, and the features take well under a second to derive.
 *
 * Layout (integers unsigned, little endian):
 *   "HWM1"  u16 characterCount
 *   per character: u16 UTF-16 code unit, u8 strokeCount,
 *     per stroke: u8 pointCount, u8 x, u8 y of the first point, then for each
 *     further point its x and y change from the previous one, each zigzag-coded
 *     (0, -1, 1, -2, … → 0, 1, 2, 3, …) in one byte below 128, else in two
 *     (low 7 bits | 0x80, then the rest). Small repeated changes are what
 *     gzip compresses well.
 * x grows to the right, y grows downwards (screen orientation).
 */

/** One stroke as a flat list of coordinates: x0, y0, x1, y1, … */
export type Stroke = number[];

export interface CharacterTemplate {
  char: string;
  strokes: Stroke[];
}

export const MODEL_GRID = 128;
const MAGIC = 'HWM1';

export function encodeModel(templates: readonly CharacterTemplate[]): Uint8Array {
  const bytes: number[] = [...MAGIC].map((c) => c.charCodeAt(0));
  const u16 = (n: number) => bytes.push(n & 0xff, (n >> 8) & 0xff);
  const u8 = (n: number, what: string) => {
    if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`handwriting model: ${what} ${n} does not fit in a byte`);
    bytes.push(n);
  };
  u16(templates.length);
  for (const t of templates) {
    if (t.char.length !== 1) throw new Error(`handwriting model: "${t.char}" is not one UTF-16 code unit`);
    u16(t.char.charCodeAt(0));
    u8(t.strokes.length, `stroke count of ${t.char}`);
    for (const s of t.strokes) {
      u8(s.length / 2, `point count in a stroke of ${t.char}`);
      s.forEach((v, i) => {
        const value = Math.round(v);
        if (value < 0 || value >= MODEL_GRID) throw new Error(`handwriting model: coordinate ${value} of ${t.char} is off the grid`);
        if (i < 2) bytes.push(value);
        else {
          const d = value - Math.round(s[i - 2]!);
          const z = d >= 0 ? 2 * d : -2 * d - 1;
          if (z < 128) bytes.push(z);
          else bytes.push(0x80 | (z & 0x7f), z >> 7);
        }
      });
    }
  }
  return Uint8Array.from(bytes);
}

export function decodeModel(data: Uint8Array): CharacterTemplate[] {
  const magic = String.fromCharCode(...data.subarray(0, 4));
  if (magic !== MAGIC) throw new Error(`handwriting model: expected ${MAGIC} at the start, found "${magic}"`);
  let at = 4;
  const u8 = () => {
    if (at >= data.length) throw new Error('handwriting model: file ends early');
    return data[at++]!;
  };
  const u16 = () => u8() | (u8() << 8);
  const count = u16();
  const out: CharacterTemplate[] = [];
  for (let i = 0; i < count; i++) {
    const char = String.fromCharCode(u16());
    const strokeCount = u8();
    const strokes: Stroke[] = [];
    for (let s = 0; s < strokeCount; s++) {
      const points = u8();
      const stroke: Stroke = new Array(points * 2);
      for (let p = 0; p < points * 2; p++) {
        if (p < 2) {
          stroke[p] = u8();
          continue;
        }
        let z = u8();
        if (z & 0x80) z = (z & 0x7f) | (u8() << 7);
        stroke[p] = stroke[p - 2]! + (z & 1 ? -(z + 1) / 2 : z / 2);
      }
      strokes.push(stroke);
    }
    out.push({ char, strokes });
  }
  return out;
}
