/**
 * What staff can find a record by in the console's lists: its names, codes
 * (事项编码, 收费编码), material names, aliases and ids as text, and its Chinese
 * names as full pinyin and as initials (dbsq finds 低保申请). Substring
 * matching, not the kiosk's ranked search: staff look for a record they know,
 * residents describe a need. Readings come from pinyin-pro, the library the
 * kiosk's search uses too.
 */
import { pinyin } from 'pinyin-pro';
import type { ContentRecord } from '../../../shared/content';

export interface SearchDoc {
  /** Folded text of every searchable field, separated by newlines. */
  text: string;
  /** Full pinyin of the Chinese name fields, one line per field, letters only. */
  pinyin: string;
  /** Initials of the same fields. */
  initials: string;
}

/** Full-width to ASCII, lower case: "ＡＢ１２" and "ab12" meet. */
export const fold = (s: string) => s.normalize('NFKC').toLowerCase();

const HAN = /[\u3400-\u9fff]/;

const str = (v: unknown): string[] => (typeof v === 'string' && v ? [v] : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Name-like fields: searched as text and as pinyin. */
function namesOf(r: Record<string, unknown>): string[] {
  return [...str(r.name), ...str(r.plainName), ...str(r.shortName), ...str(r.title), ...str(r.term), ...strs(r.means), ...strs(r.aliases)];
}

/** Codes and other fields searched as text only. */
function otherTextOf(r: Record<string, unknown>): string[] {
  const materials = Array.isArray(r.materials) ? r.materials.map((m: { name?: unknown }) => m?.name) : [];
  return [
    ...str(r.id),
    ...str(r.nameEn),
    ...str(r.itemCode),
    ...str(r.code),
    ...str(r.window),
    ...str(r.windowId),
    ...str(r.officialId),
    ...str(r.substituteOfficialId),
    ...str(r.date),
    ...strs(materials),
  ];
}

function readings(text: string, pattern: 'pinyin' | 'first'): string {
  return pinyin(text, { toneType: 'none', type: 'array', pattern })
    .join('')
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z0-9]/g, '');
}

export function searchDocOf(record: Record<string, unknown>, extraNames: string[] = []): SearchDoc {
  const names = [...namesOf(record), ...extraNames];
  const han = names.filter((n) => HAN.test(n));
  return {
    text: fold([...names, ...otherTextOf(record)].join('\n')),
    pinyin: han.map((n) => readings(n, 'pinyin')).join('\n'),
    initials: han.map((n) => readings(n, 'first')).join('\n'),
  };
}

/** Every word of the query must be found, as text or (letters only) as pinyin or initials. */
export function matchesQuery(doc: SearchDoc, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return words.every((w) => doc.text.includes(w) || (/^[a-z]+$/.test(w) && (doc.pinyin.includes(w) || doc.initials.includes(w))));
}

/**
 * Search documents by record version: pinyin for 20,000 fee names takes a
 * while, and a record's version changes whenever its text does. Drafts of new
 * records (no version) are not cached.
 */
export class SearchDocCache {
  private readonly docs = new Map<string, SearchDoc>();
  constructor(private readonly max = 100_000) {}

  docOf(record: ContentRecord | Record<string, unknown>, extraNames: string[] = []): SearchDoc {
    const r = record as Record<string, unknown>;
    if (typeof r.version !== 'number') return searchDocOf(r, extraNames);
    const key = `${String(r.type)}/${String(r.id)}/${r.version}/${extraNames.join('|')}`;
    let doc = this.docs.get(key);
    if (!doc) {
      if (this.docs.size >= this.max) this.docs.clear();
      doc = searchDocOf(r, extraNames);
      this.docs.set(key, doc);
    }
    return doc;
  }
}
