/** Fuzzy correction: the one-letter variants of a pinyin query that the index tries when nothing matched as typed. */
import { parsesAsPinyin } from './pinyin';

export const MAX_FUZZY_VARIANTS = 400;

/**
 * One-letter corrections that read as complete pinyin, most likely first on a
 * touchscreen: a letter too many (a double tap), two letters swapped, a wrong
 * letter, a letter missing.
 */
export function oneLetterVariants(q: string): string[] {
  const out = new Set<string>();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const consider = (v: string) => {
    if (v && v !== q && out.size < MAX_FUZZY_VARIANTS && parsesAsPinyin(v, true)) out.add(v);
  };
  for (let i = 0; i < q.length; i++) consider(q.slice(0, i) + q.slice(i + 1));
  for (let i = 0; i + 1 < q.length; i++) consider(q.slice(0, i) + q[i + 1] + q[i] + q.slice(i + 2));
  for (let i = 0; i < q.length; i++) for (const c of letters) if (c !== q[i]) consider(q.slice(0, i) + c + q.slice(i + 1));
  for (let i = 0; i <= q.length; i++) for (const c of letters) consider(q.slice(0, i) + c + q.slice(i));
  return [...out];
}
