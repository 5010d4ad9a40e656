/**
 * Text folding shared by the index and the query, so both sides meet in one
 * form: full-width letters and digits become ASCII (NFKC), letters lower case,
 * traditional characters simplified (opencc t2cn) so '戶口遷移' finds 户口迁移.
 */
import { Converter } from 'opencc-js/t2cn';

const toSimplified: (text: string) => string = Converter({ from: 't', to: 'cn' });

/** Folds text to the form the index stores. Length may change only where opencc maps phrases. */
export function foldText(text: string): string {
  if (text === '') return text;
  const nfkc = text.normalize('NFKC').toLowerCase();
  return hasHan(nfkc) ? toSimplified(nfkc) : nfkc;
}

export function isHanCodePoint(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    cp === 0x3007 ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

export function isLatinOrDigitCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

export function hasHan(text: string): boolean {
  for (const ch of text) if (isHanCodePoint(ch.codePointAt(0)!)) return true;
  return false;
}

export type QueryRun = { kind: 'han'; text: string } | { kind: 'latin'; text: string };

/**
 * Splits a folded query into runs of Han characters and runs of letters or
 * digits; anything else (spaces, punctuation) separates terms.
 */
export function splitQuery(folded: string): QueryRun[] {
  const runs: QueryRun[] = [];
  let current: QueryRun | null = null;
  for (const ch of folded) {
    const cp = ch.codePointAt(0)!;
    const kind = isHanCodePoint(cp) ? 'han' : isLatinOrDigitCode(cp) ? 'latin' : null;
    if (kind === null) {
      current = null;
      continue;
    }
    if (current && current.kind === kind) current.text += ch;
    else {
      const run: QueryRun = { kind, text: ch };
      runs.push(run);
      current = run;
    }
  }
  return runs;
}
