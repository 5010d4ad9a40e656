/**
 * Pinyin with a candidate bar, for free-text fields (a comment): typed letters
 * are held as a composing string, the characters of its first syllable are
 * offered most common first, and tapping one puts it into the text and
 * consumes that syllable's letters ("denglehenjiu" offers 等, 登, 灯… for
 * "deng"; after 等 it offers 了, 乐… for "le"). Delete and clear take composing
 * letters first; "keep letters" puts them into the text as typed. The search
 * screen does not use this: its search matches pinyin letters directly.
 */
import { useEffect, useState } from 'preact/hooks';
import { kioskLog } from '../log/kiosk-log';

/** Longest toneless syllable (zhuang, shuang…). */
const MAX_SYLLABLE = 6;
/** Longer letter runs are not pinyin anyone means to turn into characters. */
export const MAX_COMPOSING = 30;

export class CandidateTable {
  private readonly table: Map<string, string[]>;

  constructor(data: Record<string, string>) {
    this.table = new Map(Object.entries(data).map(([syllable, chars]) => [syllable, [...chars]]));
  }

  /** Candidates for the first syllable of `letters` (the longest syllable they start with), or null if they start with none. */
  lookup(letters: string): { syllable: string; chars: string[] } | null {
    for (let n = Math.min(MAX_SYLLABLE, letters.length); n > 0; n--) {
      const syllable = letters.slice(0, n);
      const chars = this.table.get(syllable);
      if (chars) return { syllable, chars };
    }
    return null;
  }
}

/** The text of the field and the letters being composed for it. */
export interface Composition {
  text: string;
  letters: string;
}

const isLetter = (k: string) => /^[a-z]$/.test(k);

/** A key of the keyboard: letters compose; space takes the first candidate (as phone keyboards do); anything else keeps the letters first. */
export function typeKey(c: Composition, key: string, table: CandidateTable | null): Composition {
  if (isLetter(key)) return c.letters.length < MAX_COMPOSING ? { ...c, letters: c.letters + key } : c;
  if (!c.letters) return { ...c, text: c.text + key };
  const first = key === ' ' ? table?.lookup(c.letters) : null;
  if (first) return pick(c, first.chars[0]!, first.syllable);
  return { text: c.text + c.letters + (key === ' ' ? '' : key), letters: '' };
}

/** A tapped candidate: into the text, and its syllable's letters consumed. */
export function pick(c: Composition, char: string, syllable: string): Composition {
  return { text: c.text + char, letters: c.letters.startsWith(syllable) ? c.letters.slice(syllable.length) : '' };
}

export function keepLetters(c: Composition): Composition {
  return { text: c.text + c.letters, letters: '' };
}

export function deleteBack(c: Composition): Composition {
  return c.letters ? { ...c, letters: c.letters.slice(0, -1) } : { ...c, text: [...c.text].slice(0, -1).join('') };
}

export function clearComposition(c: Composition): Composition {
  return c.letters ? { ...c, letters: '' } : { ...c, text: '' };
}

let loading: Promise<CandidateTable> | null = null;

/** Loads the candidate table once `wanted` (a free-text keyboard is open); null until then, or if it could not load (letters are then kept as typed). */
export function useCandidateTable(wanted: boolean): CandidateTable | null {
  const [table, setTable] = useState<CandidateTable | null>(null);
  useEffect(() => {
    if (!wanted || table) return;
    let alive = true;
    loading ??= import('./pinyin-table').then((m) => new CandidateTable(m.candidateData));
    loading.then(
      (t) => alive && setTable(t),
      (err: unknown) => {
        // An update may have removed the old chunk mid-visit: the next open tries again.
        loading = null;
        kioskLog.warn('pinyin candidates not loaded', err);
      },
    );
    return () => {
      alive = false;
    };
  }, [wanted, table]);
  return table;
}
