/**
 * Turns strokes into a fixed-length vector that two writings of the same
 * character share: a directional feature map. The strokes are first
 * normalised by their ink's centre and spread (moment normalisation), so size,
 * position and moderate aspect changes do not matter; each stroke is then cut
 * into short steps, and every step adds its length to the cells of a coarse
 * grid around it (bilinear) in the two nearest of eight writing directions.
 * Stroke order, and strokes joined or split, barely change the map, which is
 * why this and not a stroke-by-stroke match is the first stage of recognition.
 */
import type { Stroke } from './model-format';

export const GRID = 8;
export const DIRECTIONS = 8;
export const FEATURE_LENGTH = GRID * GRID * DIRECTIONS;

/** Step length in normalised units (the character spans about 1). */
const STEP = 1 / 40;
/** ±SPREAD standard deviations of ink map onto the unit square. */
const SPREAD = 2.2;
/** A thin character (一, 丨) keeps at least this share of its long side's spread on the short side. */
const MIN_ASPECT = 0.35;

/** Normalised copies of the strokes: the ink's centre at (0.5, 0.5), its spread scaled to about 1. */
export function normalizeStrokes(strokes: readonly Stroke[]): Stroke[] {
  let total = 0,
    sx = 0,
    sy = 0;
  const eachSegment = (fn: (mx: number, my: number, len: number) => void) => {
    for (const s of strokes) {
      if (s.length === 2) fn(s[0]!, s[1]!, 1e-3);
      for (let i = 2; i < s.length; i += 2) {
        const x0 = s[i - 2]!,
          y0 = s[i - 1]!,
          x1 = s[i]!,
          y1 = s[i + 1]!;
        fn((x0 + x1) / 2, (y0 + y1) / 2, Math.hypot(x1 - x0, y1 - y0) + 1e-6);
      }
    }
  };
  eachSegment((mx, my, len) => {
    total += len;
    sx += mx * len;
    sy += my * len;
  });
  if (total === 0) return strokes.map((s) => s.slice());
  const cx = sx / total,
    cy = sy / total;
  let vx = 0,
    vy = 0;
  // Segment variance: a segment's own extent counts too, so a single straight stroke has a spread.
  for (const s of strokes) {
    for (let i = 2; i < s.length; i += 2) {
      const x0 = s[i - 2]! - cx,
        y0 = s[i - 1]! - cy,
        x1 = s[i]! - cx,
        y1 = s[i + 1]! - cy;
      const len = Math.hypot(x1 - x0, y1 - y0);
      vx += (len * (x0 * x0 + x0 * x1 + x1 * x1)) / 3;
      vy += (len * (y0 * y0 + y0 * y1 + y1 * y1)) / 3;
    }
  }
  let dx = Math.sqrt(vx / total),
    dy = Math.sqrt(vy / total);
  const long = Math.max(dx, dy, 1e-6);
  dx = Math.max(dx, long * MIN_ASPECT);
  dy = Math.max(dy, long * MIN_ASPECT);
  const kx = 1 / (2 * SPREAD * dx),
    ky = 1 / (2 * SPREAD * dy);
  return strokes.map((s) => s.map((v, i) => (i % 2 === 0 ? (v - cx) * kx + 0.5 : (v - cy) * ky + 0.5)));
}

/** The feature vector of normalised strokes, square-rooted and scaled to unit length. */
export function featureVector(normalized: readonly Stroke[], out: Float32Array = new Float32Array(FEATURE_LENGTH)): Float32Array {
  out.fill(0);
  const perSector = DIRECTIONS / (2 * Math.PI);
  const last = GRID - 1;
  for (const s of normalized) {
    for (let i = 2; i < s.length; i += 2) {
      const sx = s[i - 2]!,
        sy = s[i - 1]!;
      const dx = s[i]! - sx,
        dy = s[i + 1]! - sy;
      const len = Math.hypot(dx, dy);
      if (len === 0) continue;
      // The step's direction, shared between the two nearest of the eight directions.
      let a = Math.atan2(dy, dx) * perSector;
      if (a < 0) a += DIRECTIONS;
      const d0 = Math.floor(a) % DIRECTIONS;
      const d1 = (d0 + 1) % DIRECTIONS;
      const wd = a - Math.floor(a);
      const steps = Math.max(1, Math.ceil(len / STEP));
      const part = len / steps;
      for (let k = 0; k < steps; k++) {
        const t = (k + 0.5) / steps;
        // The step's place, shared between the four nearest grid cells.
        const gx = Math.min(last, Math.max(0, (sx + dx * t) * GRID - 0.5));
        const gy = Math.min(last, Math.max(0, (sy + dy * t) * GRID - 0.5));
        const x0 = Math.floor(gx),
          y0 = Math.floor(gy);
        const fx = gx - x0,
          fy = gy - y0;
        const xs = x0 < last ? 1 : 0,
          ys = y0 < last ? GRID : 0;
        const c00 = (y0 * GRID + x0) * DIRECTIONS;
        const c10 = c00 + xs * DIRECTIONS,
          c01 = c00 + ys * DIRECTIONS,
          c11 = c00 + (xs + ys) * DIRECTIONS;
        const w00 = part * (1 - fx) * (1 - fy),
          w10 = part * fx * (1 - fy),
          w01 = part * (1 - fx) * fy,
          w11 = part * fx * fy;
        const a0 = 1 - wd;
        out[c00 + d0]! += w00 * a0;
        out[c00 + d1]! += w00 * wd;
        out[c10 + d0]! += w10 * a0;
        out[c10 + d1]! += w10 * wd;
        out[c01 + d0]! += w01 * a0;
        out[c01 + d1]! += w01 * wd;
        out[c11 + d0]! += w11 * a0;
        out[c11 + d1]! += w11 * wd;
      }
    }
  }
  let norm = 0;
  for (let i = 0; i < out.length; i++) {
    const v = Math.sqrt(out[i]!);
    out[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}
