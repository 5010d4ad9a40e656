/**
 * Keeps one search index alive for the kiosk: loads the stored index on a
 * cold start (if it reflects the store's cursor), otherwise builds it from the
 * store; follows the sync engine (changes are applied in place, a snapshot
 * rebuilds) and saves the index a moment after it changed. Staff can ask for a
 * rebuild from the store (the fleet page's remote action): the new index
 * replaces the old one in one step, so searching never stops.
 */
import { kioskLog } from '../log/kiosk-log';
import type { FeedChange } from '../../shared/feed/protocol';
import type { ContentReader } from '../store/content-reader';
import { SEARCH_KINDS } from './documents';
import { loadIndexOutcome, saveIndex } from './persist';
import { SearchIndex, type SearchOptions, type SearchResults } from './search-index';

export type AppliedEvent = { kind: 'snapshot'; seq: number } | { kind: 'changes'; changes: FeedChange[]; to: number };

export interface SearchServiceDeps {
  reader: Pick<ContentReader, 'allRecords'>;
  /** The store's cursor (the sync engine's status().cursor). */
  currentCursor: () => number | null | Promise<number | null>;
  onApplied?: (fn: (event: AppliedEvent) => void) => () => void;
  dbName?: string;
  /** How long after the last change the index is written back (ms). */
  saveDelayMs?: number;
  /** Saving blocks the page for a moment (0.4-1 s on slow kiosks): it waits until nobody has searched for this long (ms). */
  quietBeforeSaveMs?: number;
}

export interface SearchService {
  /** Resolves once an index is available (loaded or built). */
  ready: Promise<void>;
  /** How the index came to be: 'loaded' from IndexedDB or 'built' from the store. */
  origin(): 'loaded' | 'built' | null;
  search(query: string, options?: SearchOptions): SearchResults | null;
  index(): SearchIndex | null;
  /** Called after the index changed (so a screen can re-run its query). */
  subscribe(fn: () => void): () => void;
  /**
   * Builds a new index from the store and swaps it in (searches meanwhile answer from the old
   * one; feed pages applied meanwhile are applied to the new one), saves it and notifies.
   * `saved` is false when IndexedDB refused it: the live search has the new index all the same.
   */
  rebuild(): Promise<{ index: SearchIndex; saved: boolean }>;
  /** Writes the index now (e.g. before a reload). */
  flush(): Promise<void>;
  dispose(): void;
}

export async function buildFromReader(reader: Pick<ContentReader, 'allRecords'>, cursor: number): Promise<SearchIndex> {
  // The lexicon is not a result kind, but the index applies it to every query.
  const lists = await Promise.all([...SEARCH_KINDS, 'lexicon' as const].map((kind) => reader.allRecords(kind)));
  return SearchIndex.buildInSlices(lists.flat(), cursor);
}

export function createSearchService(deps: SearchServiceDeps): SearchService {
  let index: SearchIndex | null = null;
  let origin: 'loaded' | 'built' | null = null;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  const listeners = new Set<() => void>();
  const queued: AppliedEvent[] = [];
  let rebuilding: Promise<void> | null = null;
  let lastSearchAt = -Infinity;

  const notify = () => listeners.forEach((fn) => fn());

  const scheduleSave = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = null;
      // Never in the middle of someone typing: try again once the screen has been quiet.
      if (Date.now() - lastSearchAt < (deps.quietBeforeSaveMs ?? 5000)) scheduleSave();
      else void save();
    }, deps.saveDelayMs ?? 2000);
  };

  const save = async (): Promise<boolean> => {
    if (!index || disposed) return false;
    try {
      await saveIndex(index, deps.dbName);
      return true;
    } catch (err) {
      // Losing the stored copy only costs a rebuild at the next cold start.
      kioskLog.warn('search index not saved', err);
      return false;
    }
  };

  const rebuild = async () => {
    const cursor = (await deps.currentCursor()) ?? 0;
    // Assigned only once complete: until then searches answer from the old index.
    index = await buildFromReader(deps.reader, cursor);
    origin = 'built';
    scheduleSave();
  };

  /** Rebuilds while pages that arrive meanwhile wait in `queued`; they are applied on top afterwards. */
  const startRebuild = (): Promise<void> =>
    (rebuilding = rebuild().finally(() => {
      rebuilding = null;
      drain();
      notify();
    }));

  const handle = (event: AppliedEvent) => {
    if (!index || rebuilding) {
      queued.push(event);
      return;
    }
    if (event.kind === 'snapshot') {
      void startRebuild().catch((err: unknown) => kioskLog.error('search index rebuild after a snapshot failed', err));
      return;
    }
    // Applying a page twice is harmless (puts replace, deletes remove), so
    // pages that raced with a build are simply applied again.
    index.applyChanges(event.changes, event.to);
    scheduleSave();
    notify();
  };

  const drain = () => {
    while (queued.length > 0 && index && !rebuilding) handle(queued.shift()!);
  };

  const unsubscribe = deps.onApplied?.(handle) ?? (() => {});

  const ready = (async () => {
    const cursor = await deps.currentCursor();
    const outcome = await loadIndexOutcome(cursor, deps.dbName).catch((err: unknown) => {
      kioskLog.warn('search database unavailable', err);
      return { index: null, reason: 'unavailable' as const };
    });
    if (outcome.index) {
      index = outcome.index;
      origin = 'loaded';
    } else await rebuild();
    // Lets browser tests and the staff tell a cold start that loaded the index from one that rebuilt it.
    globalThis.performance?.mark?.('shk:search-ready', {
      detail: { origin, stored: outcome.reason, storeCursor: cursor, cursor: index?.cursor ?? null, docs: index?.size ?? 0 },
    });
    drain();
    notify();
  })();

  return {
    ready,
    origin: () => origin,
    search(query, options) {
      lastSearchAt = Date.now();
      return index?.search(query, options) ?? null;
    },
    index: () => index,
    async rebuild() {
      await ready;
      // A rebuild already under way (a snapshot's) read the store before now: build again after it.
      while (rebuilding) await rebuilding.catch(() => undefined);
      await startRebuild();
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
      const built = index!;
      return { index: built, saved: await save() };
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async flush() {
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
      await save();
    },
    dispose() {
      disposed = true;
      if (saveTimer) clearTimeout(saveTimer);
      unsubscribe();
      listeners.clear();
    },
  };
}
