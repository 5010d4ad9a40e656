/**
 * The kiosk's outbox in IndexedDB (its own database, so the content store's
 * upgrades never touch it): every rating, message and usage event is written
 * here first with the id it keeps forever, and leaves only when the server
 * answered that it stored that id (or had it already).
 *
 * Bounded: when the outbox holds `capacity` items, the usage events that were
 * never sent fold into per-day counts (one 'usage-daily' item per day), so a
 * kiosk offline for months keeps one small record a day. Ratings and messages
 * are never folded and never dropped. An item that has been offered to the
 * server once is "sealed": it may already be stored there, so it is neither
 * folded nor changed, only retried with the same id and content.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import type { FeedbackItemInput, ItemRejection } from '../../shared/feedback';
import { localDateOf } from '../../shared/workdays/local-date';

export const OUTBOX_DB = 'shk-outbox';
const OUTBOX_VERSION = 1;
/** A busy hall: ~600 visits × ~10 events a day; raw events are kept up to this, then folded. */
export const DEFAULT_CAPACITY = 20_000;

export interface OutboxEntry {
  id: string;
  /** Creation order (ms · 1000 + a counter): batches go oldest first. */
  order: number;
  item: FeedbackItemInput;
  /** How many times it was offered to the server; > 0 means sealed. */
  attempts: number;
}

export interface RejectedEntry {
  id: string;
  item: FeedbackItemInput;
  problems: ItemRejection['problems'];
  at: string;
}

type ItemsStore = IDBPObjectStore<OutboxDB, ['items'], 'items', 'readwrite'>;

interface OutboxDB extends DBSchema {
  items: { key: string; value: OutboxEntry; indexes: { order: number } };
  /** Items the server refused as invalid: kept for staff to see, never retried blindly. */
  rejected: { key: string; value: RejectedEntry };
}

export interface OutboxOptions {
  name?: string;
  capacity?: number;
  now?: () => number;
  newId?: () => string;
  timeZone?: string;
}

export interface OutboxStats {
  pending: number;
  rejected: number;
}

export interface Outbox {
  /** Writes the item durably (resolves after the transaction committed). */
  add(item: FeedbackItemInput): Promise<void>;
  /** The oldest items, sealed in the same transaction that reads them. */
  takeBatch(limit: number): Promise<FeedbackItemInput[]>;
  /** Forgets items the server confirmed (stored or duplicate). */
  acknowledge(ids: readonly string[]): Promise<void>;
  /** Moves refused items aside with their problems. */
  setAside(rejections: readonly { id: string; problems: ItemRejection['problems'] }[]): Promise<void>;
  stats(): Promise<OutboxStats>;
  all(): Promise<OutboxEntry[]>;
  close(): void;
}

export async function openOutbox(options: OutboxOptions = {}): Promise<Outbox> {
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const db: IDBPDatabase<OutboxDB> = await openDB<OutboxDB>(options.name ?? OUTBOX_DB, OUTBOX_VERSION, {
    upgrade(db) {
      const items = db.createObjectStore('items', { keyPath: 'id' });
      items.createIndex('order', 'order');
      db.createObjectStore('rejected', { keyPath: 'id' });
    },
    blocking() {
      // A newer app version wants to upgrade: let it (our writes are already committed).
      db.close();
    },
  });

  let counter = 0;
  const nextOrder = () => now() * 1000 + (counter = (counter + 1) % 1000);

  /** Folds unsent usage events into per-day counts; runs inside the caller's transaction. */
  async function fold(store: ItemsStore) {
    const all = await store.getAll();
    const byDay = new Map<string, Record<string, number>>();
    const openDaily = new Map<string, OutboxEntry>();
    for (const entry of all) {
      const item = entry.item;
      if (entry.attempts > 0) continue;
      if (item.kind === 'usage-daily') {
        openDaily.set(item.day, entry);
        continue;
      }
      if (item.kind !== 'usage') continue;
      const day = localDateOf(new Date(item.at), timeZone);
      const counts = byDay.get(day) ?? {};
      for (const key of usageKeys(item)) counts[key] = (counts[key] ?? 0) + 1;
      byDay.set(day, counts);
      await store.delete(entry.id);
    }
    for (const [day, counts] of byDay) {
      const existing = openDaily.get(day);
      if (existing && existing.item.kind === 'usage-daily') {
        const merged = { ...existing.item.counts };
        for (const [key, n] of Object.entries(counts)) merged[key] = (merged[key] ?? 0) + n;
        await store.put({ ...existing, item: { ...existing.item, counts: merged } });
      } else {
        const first = all.find((e) => e.item.kind === 'usage' && localDateOf(new Date(e.item.at), timeZone) === day)!;
        const id = newId();
        await store.put({
          id,
          order: first.order,
          attempts: 0,
          item: { kind: 'usage-daily', id, kioskId: first.item.kioskId, at: first.item.at, day, counts },
        });
      }
    }
  }

  return {
    async add(item) {
      const tx = db.transaction('items', 'readwrite');
      const store = tx.objectStore('items');
      if ((await store.count()) >= capacity) await fold(store);
      if (item.kind === 'usage' && (await store.count()) >= capacity) {
        // Still full (ratings, messages and sealed items): this event goes straight into its day's count.
        await store.put({ id: item.id, order: nextOrder(), attempts: 0, item });
        await fold(store);
      } else {
        await store.put({ id: item.id, order: nextOrder(), attempts: 0, item });
      }
      await tx.done;
    },

    async takeBatch(limit) {
      const tx = db.transaction('items', 'readwrite');
      const store = tx.objectStore('items');
      const out: FeedbackItemInput[] = [];
      let cursor = await store.index('order').openCursor();
      while (cursor && out.length < limit) {
        out.push(cursor.value.item);
        await cursor.update({ ...cursor.value, attempts: cursor.value.attempts + 1 });
        cursor = await cursor.continue();
      }
      await tx.done;
      return out;
    },

    async acknowledge(ids) {
      if (!ids.length) return;
      const tx = db.transaction('items', 'readwrite');
      await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
    },

    async setAside(rejections) {
      if (!rejections.length) return;
      const tx = db.transaction(['items', 'rejected'], 'readwrite');
      const items = tx.objectStore('items');
      const aside = tx.objectStore('rejected');
      for (const r of rejections) {
        const entry = await items.get(r.id);
        if (!entry) continue;
        await aside.put({ id: r.id, item: entry.item, problems: r.problems, at: new Date(now()).toISOString() });
        await items.delete(r.id);
      }
      await tx.done;
    },

    async stats() {
      const [pending, rejected] = await Promise.all([db.count('items'), db.count('rejected')]);
      return { pending, rejected };
    },

    all: () => db.getAllFromIndex('items', 'order'),

    close: () => db.close(),
  };
}

/** The daily-count keys of one usage event, as the server folds them too. */
export function usageKeys(item: Extract<FeedbackItemInput, { kind: 'usage' }>): string[] {
  if (item.event === 'search') return item.results === 0 && item.query ? ['search|', `search-zero|${item.query}`] : ['search|'];
  return [`${item.event}|${item.target ?? ''}`];
}
