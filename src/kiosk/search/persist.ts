/**
 * Keeps the index in its own IndexedDB database so a cold start loads it
 * instead of rebuilding. One value: the documents as JSON text and every
 * posting list delta-encoded as varints in one ArrayBuffer (compact, and one
 * structured clone of two large values is far cheaper than thousands of small ones).
 */
import { kioskLog } from '../log/kiosk-log';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { Posting, VarintReader, VarintWriter } from './postings';
import type { IndexState } from './index-state';
import { SearchIndex } from './search-index';

export const SEARCH_DB_NAME = 'shk-search';
/** Bump when the index layout or tokenisation changes: a stored index of another format is rebuilt. */
export const INDEX_FORMAT = 2;

export interface StoredIndex {
  format: number;
  cursor: number;
  savedAt: string;
  docsJson: string;
  postings: ArrayBuffer;
}

export interface EmptyQueryEntry {
  /** The query as folded for search (simplified, lower case). */
  query: string;
  count: number;
  firstAt: string;
  lastAt: string;
}

interface SearchDB extends DBSchema {
  index: { key: string; value: StoredIndex };
  emptyQueries: { key: string; value: EmptyQueryEntry };
}

const dbs = new Map<string, Promise<IDBPDatabase<SearchDB>>>();
let defaultDbName = SEARCH_DB_NAME;

/** The console's draft preview keeps its index and counts apart from a real kiosk's (a database it deletes). */
export function setSearchDbName(name: string): void {
  defaultDbName = name;
}

export function openSearchDb(name = defaultDbName): Promise<IDBPDatabase<SearchDB>> {
  let db = dbs.get(name);
  if (!db) {
    db = openDB<SearchDB>(name, 1, {
      upgrade(d) {
        d.createObjectStore('index');
        d.createObjectStore('emptyQueries', { keyPath: 'query' });
      },
      blocking() {
        // A newer app version wants to upgrade: let it, and reopen next time.
        void db?.then((d) => d.close());
        dbs.delete(name);
      },
    });
    dbs.set(name, db);
    db.catch(() => dbs.delete(name));
  }
  return db;
}

/** Closes cached connections (tests delete databases between runs). */
export async function closeSearchDbs(): Promise<void> {
  const all = [...dbs.values()];
  dbs.clear();
  for (const db of all) (await db.catch(() => null))?.close();
}

export function serialiseIndex(index: SearchIndex): StoredIndex {
  const state = index.exportState();
  const writer = new VarintWriter();
  const writeNumeric = (map: Map<number, Posting>) => {
    writer.write(map.size);
    for (const [key, p] of map) {
      writer.write(key);
      writer.writeList(p.view());
    }
  };
  writeNumeric(state.maps.hanShort);
  writeNumeric(state.maps.hanBody);
  writeNumeric(state.maps.pinyinKeys);
  const words = [...state.maps.words.keys()];
  for (const word of words) writer.writeList(state.maps.words.get(word)!.view());
  const bytes = writer.bytes();
  return {
    format: INDEX_FORMAT,
    cursor: state.cursor,
    savedAt: new Date().toISOString(),
    docsJson: JSON.stringify({ docs: state.docs, words, lexicon: state.lexicon }),
    postings: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
}

export function deserialiseIndex(stored: StoredIndex): SearchIndex {
  if (stored.format !== INDEX_FORMAT) throw new Error(`stored search index has format ${stored.format}, expected ${INDEX_FORMAT}`);
  const { docs, words, lexicon } = JSON.parse(stored.docsJson) as {
    docs: IndexState['docs'];
    words: string[];
    lexicon: IndexState['lexicon'];
  };
  const reader = new VarintReader(new Uint8Array(stored.postings));
  const readNumeric = () => {
    const map = new Map<number, Posting>();
    const n = reader.read();
    for (let i = 0; i < n; i++) {
      const key = reader.read();
      map.set(key, Posting.from(reader.readList()));
    }
    return map;
  };
  const hanShort = readNumeric();
  const hanBody = readNumeric();
  const pinyinKeys = readNumeric();
  const wordMap = new Map<string, Posting>();
  for (const word of words) wordMap.set(word, Posting.from(reader.readList()));
  if (!reader.done) throw new Error('stored search index has trailing data');
  return SearchIndex.importState({ cursor: stored.cursor, docs, lexicon, maps: { hanShort, hanBody, pinyinKeys, words: wordMap } });
}

/** Bytes the stored value takes (UTF-8 JSON plus the postings buffer), as reported by the benchmark. */
export function storedSize(stored: StoredIndex): number {
  return new TextEncoder().encode(stored.docsJson).byteLength + stored.postings.byteLength;
}

export async function saveIndex(index: SearchIndex, dbName?: string): Promise<StoredIndex> {
  const stored = serialiseIndex(index);
  const db = await openSearchDb(dbName);
  await db.put('index', stored, 'current');
  return stored;
}

export type LoadOutcome =
  { index: SearchIndex; reason: 'loaded' } | { index: null; reason: 'none' | 'other-format' | 'other-cursor' | 'no-cursor' | 'damaged' };

/** The stored index if it exists, has this format and reflects `expectedCursor`; otherwise why not (then rebuild). */
export async function loadIndexOutcome(expectedCursor: number | null, dbName?: string): Promise<LoadOutcome> {
  const db = await openSearchDb(dbName);
  const stored = await db.get('index', 'current');
  if (!stored) return { index: null, reason: 'none' };
  if (stored.format !== INDEX_FORMAT) return { index: null, reason: 'other-format' };
  if (expectedCursor === null) return { index: null, reason: 'no-cursor' };
  if (stored.cursor !== expectedCursor) return { index: null, reason: 'other-cursor' };
  try {
    return { index: deserialiseIndex(stored), reason: 'loaded' };
  } catch (err) {
    // A damaged value is not worth an error screen: the caller rebuilds from the content.
    kioskLog.warn('stored search index unreadable', err);
    return { index: null, reason: 'damaged' };
  }
}

export async function loadIndex(expectedCursor: number | null, dbName?: string): Promise<SearchIndex | null> {
  return (await loadIndexOutcome(expectedCursor, dbName)).index;
}
