/**
 * Generated placeholder portraits: a head-and-shoulders silhouette in varied
 * colours, no facial features and no names, so nobody can mistake one for a
 * photo of a real person. Deterministic for a given seed.
 */
import { createRandom, hashString } from './random';

const BACKGROUNDS = ['#dbe8f5', '#e3efe2', '#f3e6d8', '#e9e2f2', '#f1e9c9', '#dfeeee', '#f2dede', '#e4e4e4'];
const SKIN = ['#f1c9a5', '#e0ac85', '#c68c62', '#f5d7bd', '#d9a073'];
const HAIR = ['#1f1a17', '#2d2420', '#3b2a20', '#4a3a30', '#5b5b5b', '#8a8a8a'];
const CLOTHES = ['#1d3557', '#2f4f4f', '#6b2737', '#3d405b', '#264653', '#4a4e69', '#5c3d2e', '#1b4332'];
const SHIRTS = ['#ffffff', '#e8f1fb', '#f6f1e7'];

export type HairStyle = 'short' | 'parted' | 'long' | 'bun';
const STYLES: HairStyle[] = ['short', 'parted', 'long', 'bun'];

function hairPath(style: HairStyle, color: string): string {
  // The head is an ellipse centred at (80, 84) with radii 30 x 36.
  const cap = 'M48 86 C46 52 62 42 80 42 C98 42 114 52 112 86 C108 70 98 62 80 62 C62 62 52 70 48 86Z';
  switch (style) {
    case 'short':
      return `<path d="${cap}" fill="${color}"/>`;
    case 'parted':
      return `<path d="M48 86 C44 50 64 40 84 41 C104 42 116 56 112 84 C106 66 96 58 88 58 C76 66 60 68 48 86Z" fill="${color}"/>`;
    case 'long':
      return `<path d="M46 130 C40 90 46 44 80 42 C114 44 120 90 114 130 L104 130 C110 100 108 72 80 64 C52 72 50 100 56 130Z" fill="${color}"/>`;
    case 'bun':
      return `<circle cx="80" cy="38" r="13" fill="${color}"/><path d="${cap}" fill="${color}"/>`;
  }
}

export function portraitSvg(seed: string): string {
  const random = createRandom(hashString(seed));
  const background = random.pick(BACKGROUNDS);
  const skin = random.pick(SKIN);
  const hair = random.pick(HAIR);
  const jacket = random.pick(CLOTHES);
  const shirt = random.pick(SHIRTS);
  const style = random.pick(STYLES);
  const tie = random.chance(0.4) ? `<path d="M77 142 L83 142 L86 176 L80 184 L74 176Z" fill="${random.pick(CLOTHES)}"/>` : '';
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="200" viewBox="0 0 160 200" role="img" aria-labelledby="t">' +
    '<title id="t">工作人员示意头像（插画，非真人照片）</title>' +
    `<rect width="160" height="200" fill="${background}"/>` +
    `<path d="M14 200 C14 156 42 136 80 136 C118 136 146 156 146 200Z" fill="${jacket}"/>` +
    `<path d="M64 136 L80 170 L96 136Z" fill="${shirt}"/>` +
    tie +
    `<rect x="70" y="108" width="20" height="32" rx="6" fill="${skin}"/>` +
    `<ellipse cx="80" cy="84" rx="30" ry="36" fill="${skin}"/>` +
    hairPath(style, hair) +
    '</svg>'
  );
}
