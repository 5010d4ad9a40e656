/**
 * Queries that found nothing, counted on the kiosk (in the search database)
 * for the content-gap report: what residents look for that is not published.
 * Only deliberate searches are counted (the search key, or a pause after
 * typing), never every keystroke of a word in progress.
 */
import { openSearchDb, type EmptyQueryEntry } from './persist';
import { foldText } from './normalize';

export type { EmptyQueryEntry } from './persist';

const MAX_QUERY_LENGTH = 60;

export async function recordEmptyQuery(query: string, at: Date = new Date(), dbName?: string): Promise<void> {
  const folded = foldText(query).trim().slice(0, MAX_QUERY_LENGTH);
  if (!folded) return;
  const db = await openSearchDb(dbName);
  const tx = db.transaction('emptyQueries', 'readwrite');
  const existing = await tx.store.get(folded);
  const iso = at.toISOString();
  await tx.store.put(
    existing ? { ...existing, count: existing.count + 1, lastAt: iso } : { query: folded, count: 1, firstAt: iso, lastAt: iso },
  );
  await tx.done;
}

/** Every counted empty query, most frequent first (ties: most recent first, then query). */
export async function emptyQueryReport(dbName?: string): Promise<EmptyQueryEntry[]> {
  const db = await openSearchDb(dbName);
  const all = await db.getAll('emptyQueries');
  return all.sort((a, b) => b.count - a.count || (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0) || (a.query < b.query ? -1 : 1));
}

export async function clearEmptyQueries(dbName?: string): Promise<void> {
  const db = await openSearchDb(dbName);
  await db.clear('emptyQueries');
}
