/**
 * Writes a character the way a resident's finger would, from its stroke
 * medians: a seeded, repeatable imitation used by the accuracy test and the
 * search bench. Each writing gets a random size, aspect, slant, rotation and
 * place on the pad; every stroke is shifted a little and made longer or
 * shorter at either end; the finger's path wobbles slowly and jitters
 * quickly, sampled as pointer events would be; and sometimes two strokes are
 * joined without lifting the finger, or one stroke is written in two.
 */
import type { Stroke } from '../../src/kiosk/search/handwriting/model-format.ts';

export type Random = () => number;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WritingOptions {
  /** Pad side in CSS pixels. */
  pad: number;
  /** Chance that one pair of consecutive strokes is joined. */
  joinChance: number;
  /** Chance that one long stroke is written in two. */
  splitChance: number;
}

const DEFAULTS: WritingOptions = { pad: 400, joinChance: 0.3, splitChance: 0.25 };
/** Make Me a Hanzi's box. */
const SOURCE = 1024;

export function simulateWriting(medians: readonly Stroke[], rand: Random, options: Partial<WritingOptions> = {}): Stroke[] {
  const o = { ...DEFAULTS, ...options };
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const size = o.pad * between(0.55, 0.95);
  const aspect = between(0.85, 1.15);
  const slant = between(-0.25, 0.25);
  const turn = (between(-8, 8) * Math.PI) / 180;
  const ox = between(0, o.pad - size),
    oy = between(0, o.pad - size);
  const cos = Math.cos(turn),
    sin = Math.sin(turn);
  const place = (x: number, y: number): [number, number] => {
    // Centre, slant (x moves with height), stretch, rotate, then scale into the pad.
    let u = x / SOURCE - 0.5,
      v = y / SOURCE - 0.5;
    u += slant * -v;
    u *= aspect;
    v /= aspect;
    const ru = u * cos - v * sin,
      rv = u * sin + v * cos;
    return [ox + (ru + 0.5) * size, oy + (rv + 0.5) * size];
  };

  let strokes = medians.map((m) => {
    const points = changeEnds(m, between(-0.2, 0.2), between(-0.2, 0.2));
    const shiftX = between(-0.035, 0.035) * SOURCE,
      shiftY = between(-0.035, 0.035) * SOURCE;
    const placed: Stroke = [];
    for (let i = 0; i < points.length; i += 2) placed.push(...place(points[i]! + shiftX, points[i + 1]! + shiftY));
    return fingerPath(placed, size, rand);
  });
  if (strokes.length >= 2 && rand() < o.joinChance) strokes = joinTwo(strokes, rand);
  if (rand() < o.splitChance) strokes = splitOne(strokes, rand);
  return strokes;
}

function pathLength(s: Stroke): number {
  let len = 0;
  for (let i = 2; i < s.length; i += 2) len += Math.hypot(s[i]! - s[i - 2]!, s[i + 1]! - s[i - 1]!);
  return len;
}

/** Lengthens (positive) or shortens (negative) a stroke at its start and end by a share of its length. */
function changeEnds(s: Stroke, start: number, end: number): Stroke {
  const len = pathLength(s);
  if (len === 0 || s.length < 4) return s.slice();
  let out = s.slice();
  if (start > 0) {
    const [x0, y0, x1, y1] = out as [number, number, number, number];
    const d = Math.hypot(x1 - x0, y1 - y0) || 1;
    out.unshift(x0 - ((x1 - x0) / d) * start * len, y0 - ((y1 - y0) / d) * start * len);
  } else out = cut(out, -start * len, 0);
  if (end > 0) {
    const n = out.length;
    const x1 = out[n - 2]!,
      y1 = out[n - 1]!,
      x0 = out[n - 4]!,
      y0 = out[n - 3]!;
    const d = Math.hypot(x1 - x0, y1 - y0) || 1;
    out.push(x1 + ((x1 - x0) / d) * end * len, y1 + ((y1 - y0) / d) * end * len);
  } else out = cut(out, 0, -end * len);
  return out;
}

/** Removes `fromStart` and `fromEnd` of path length. */
function cut(s: Stroke, fromStart: number, fromEnd: number): Stroke {
  const total = pathLength(s);
  const a = fromStart,
    b = total - fromEnd;
  if (b - a <= 0) return s.slice();
  const out: Stroke = [];
  let walked = 0;
  for (let i = 2; i < s.length; i += 2) {
    const x0 = s[i - 2]!,
      y0 = s[i - 1]!,
      x1 = s[i]!,
      y1 = s[i + 1]!;
    const seg = Math.hypot(x1 - x0, y1 - y0);
    const at = (d: number) => {
      const t = seg === 0 ? 0 : (d - walked) / seg;
      out.push(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
    };
    if (out.length === 0 && walked + seg >= a) at(a);
    if (out.length > 0 && walked + seg >= b) {
      at(b);
      return out;
    }
    if (out.length > 0) out.push(x1, y1);
    walked += seg;
  }
  return out;
}

/** Samples a stroke every few pixels, as pointer events arrive, with slow wobble and fast jitter. */
function fingerPath(s: Stroke, size: number, rand: Random): Stroke {
  const len = pathLength(s);
  const spacing = 2 + rand() * 6;
  const steps = Math.max(2, Math.ceil(len / spacing));
  const wobble = size * (0.008 + rand() * 0.012);
  const jitter = size * 0.004;
  const phase1 = rand() * 6.28,
    phase2 = rand() * 6.28,
    freq1 = 1 + rand() * 2,
    freq2 = 1 + rand() * 2;
  const out: Stroke = [];
  let seg = 2,
    walked = 0;
  for (let k = 0; k <= steps; k++) {
    const target = (len * k) / steps;
    while (seg < s.length - 2 && walked + Math.hypot(s[seg]! - s[seg - 2]!, s[seg + 1]! - s[seg - 1]!) < target) {
      walked += Math.hypot(s[seg]! - s[seg - 2]!, s[seg + 1]! - s[seg - 1]!);
      seg += 2;
    }
    const x0 = s[seg - 2]!,
      y0 = s[seg - 1]!;
    const x1 = s[seg] ?? x0,
      y1 = s[seg + 1] ?? y0;
    const l = Math.hypot(x1 - x0, y1 - y0);
    const t = l === 0 ? 0 : Math.min(1, (target - walked) / l);
    const p = k / steps;
    out.push(
      x0 + (x1 - x0) * t + wobble * Math.sin(phase1 + freq1 * 6.28 * p) + jitter * (rand() * 2 - 1),
      y0 + (y1 - y0) * t + wobble * Math.sin(phase2 + freq2 * 6.28 * p) + jitter * (rand() * 2 - 1),
    );
  }
  return out;
}

/** Joins one pair of consecutive strokes, preferring the pair whose end and start are closest. */
function joinTwo(strokes: Stroke[], rand: Random): Stroke[] {
  const gap = (i: number) => {
    const a = strokes[i]!,
      b = strokes[i + 1]!;
    return Math.hypot(b[0]! - a[a.length - 2]!, b[1]! - a[a.length - 1]!);
  };
  const pairs = strokes.slice(0, -1).map((_, i) => i);
  pairs.sort((a, b) => gap(a) - gap(b));
  const i = pairs[Math.floor(rand() * Math.min(3, pairs.length))]!;
  const joined = [...strokes[i]!, ...strokes[i + 1]!];
  return [...strokes.slice(0, i), joined, ...strokes.slice(i + 2)];
}

/** Writes the longest stroke in two, lifting the finger near its middle. */
function splitOne(strokes: Stroke[], rand: Random): Stroke[] {
  let longest = 0;
  strokes.forEach((s, i) => {
    if (pathLength(s) > pathLength(strokes[longest]!)) longest = i;
  });
  const s = strokes[longest]!;
  const points = s.length / 2;
  if (points < 8) return strokes;
  const at = Math.floor(points * (0.35 + rand() * 0.3));
  const first = s.slice(0, at * 2),
    second = s.slice((at + 1) * 2);
  return [...strokes.slice(0, longest), first, second, ...strokes.slice(longest + 1)];
}
