/**
 * The lexicon the kiosk holds: 俗语词条 from the feed, kept by id so a put or
 * delete changes what queries mean at once, without rebuilding the index.
 */
import { lexiconKey, type LexiconEntry } from '../../shared/content/lexicon';
import { foldText } from './normalize';

/** What the index keeps of an entry (and persists with the index). */
export interface StoredLexiconEntry {
  id: string;
  term: string;
  means: string[];
  departmentId: string | null;
  guideId: string | null;
}

export interface LexiconSense {
  /** Folded catalogue words the term stands for. */
  means: string[];
  departmentId: string | null;
  guideId: string | null;
}

export interface LexiconSpan {
  start: number;
  end: number;
  term: string;
  senses: LexiconSense[];
}

export class LexiconTable {
  private entries = new Map<string, StoredLexiconEntry>();
  private byTerm: Map<string, LexiconSense[]> | null = null;
  /** Folded terms, longest first: the longest term found in a query wins its characters. */
  private terms: string[] = [];

  get size(): number {
    return this.entries.size;
  }

  put(entry: LexiconEntry | StoredLexiconEntry): void {
    this.entries.set(entry.id, {
      id: entry.id,
      term: entry.term,
      means: entry.means,
      departmentId: entry.departmentId ?? null,
      guideId: entry.guideId ?? null,
    });
    this.byTerm = null;
  }

  delete(id: string): void {
    if (this.entries.delete(id)) this.byTerm = null;
  }

  all(): StoredLexiconEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private table(): Map<string, LexiconSense[]> {
    if (this.byTerm) return this.byTerm;
    const map = new Map<string, LexiconSense[]>();
    for (const e of this.entries.values()) {
      const term = foldText(lexiconKey(e.term));
      if (!term) continue;
      let senses = map.get(term);
      if (!senses) map.set(term, (senses = []));
      senses.push({ means: e.means.map((m) => foldText(lexiconKey(m))).filter(Boolean), departmentId: e.departmentId, guideId: e.guideId });
    }
    this.terms = [...map.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    this.byTerm = map;
    return map;
  }

  /**
   * Non-overlapping occurrences of terms in a folded query, longest term
   * first (二手房 before 房), in query order.
   */
  find(text: string): LexiconSpan[] {
    const map = this.table();
    if (map.size === 0 || !text) return [];
    const taken = new Uint8Array(text.length);
    const spans: LexiconSpan[] = [];
    for (const term of this.terms) {
      if (term.length > text.length) continue;
      let at = text.indexOf(term);
      while (at >= 0) {
        let free = true;
        for (let i = at; i < at + term.length; i++) if (taken[i]) free = false;
        if (free) {
          for (let i = at; i < at + term.length; i++) taken[i] = 1;
          spans.push({ start: at, end: at + term.length, term, senses: map.get(term)! });
        }
        at = text.indexOf(term, at + 1);
      }
    }
    return spans.sort((a, b) => a.start - b.start);
  }
}
