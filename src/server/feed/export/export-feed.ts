/**
 * Writes the feed as plain files (docs/feed-protocol.md section 17): per hall a
 * signed head in an envelope, the snapshot and the changes pages named by the
 * SHA-256 of their bytes, the media by their hash, and the public keys.
 *
 * The bodies are the origin's own: the exporter asks the /feed/v2 router
 * in-process (no HTTP), so a static page is byte-identical to what the origin
 * serves and carries the same signature. Immutable files are written first,
 * each atomically; the heads last, so a head never names a file that is not
 * there yet. Files no head names any more are removed after a grace period
 * (a kiosk that read the previous head may still be fetching them).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { mediaReferencedBy } from '../../../shared/content/media-refs';
import type { ContentRecord } from '../../../shared/content';
import { DEFAULT_PAGE_LIMIT, FEED_FORMAT_VERSION, SIGNATURE_HEADER, type FeedKey } from '../../../shared/feed/protocol';
import {
  STATIC_FEED_PATH,
  STATIC_HEAD_PAYLOAD_TYPE,
  STATIC_KEYS_PATH,
  STATIC_PAGES_DIR,
  STATIC_SNAPSHOTS_DIR,
  staticHeadPath,
  type SignedEnvelope,
  type StaticFeedHead,
  type StaticLink,
  type StaticPageLink,
} from '../../../shared/feed/static-feed';
import type { ContentStore } from '../../store/content-store';
import { isoWithOffset } from '../../time';
import { createFeedRoutes, DEFAULT_HEAD_TTL_SECONDS } from '../routes';
import { signJson } from '../signed-body';
import type { FeedSigner } from '../signing';
import { TEMP_PREFIX, writeFileAtomic, writeImmutable } from './atomic-write';

/** Pages a static head lists at most: a kiosk further behind resets from the snapshot (about 32,000 changes at 500 a page). */
export const DEFAULT_MAX_PAGES = 64;
/** Unreferenced pages and snapshots are kept this long after the last head stopped naming them. */
export const DEFAULT_PRUNE_AFTER_MS = 60 * 60_000;

export interface FeedExporterOptions {
  store: ContentStore;
  signer: FeedSigner;
  outDir: string;
  now?: () => Date;
  /** Lifetime of the exported heads (expiresAt); the export must be repeated well within it. Default 3600. */
  headTtlSeconds?: number;
  pageLimit?: number;
  maxPages?: number;
  pruneAfterMs?: number;
}

export interface HallExport {
  hall: string;
  seq: number;
  snapshotSeq: number;
  snapshotBytes: number;
  pages: number;
  /** Nothing visible to the hall changed since the head on disk: its snapshot and pages were kept, only the head re-signed. */
  unchanged: boolean;
}

export interface ExportResult {
  halls: HallExport[];
  /** Immutable files written by this run (pages, snapshots, media), not counting files already there. */
  written: number;
  media: number;
  pruned: number;
  expiresAt: string;
}

export interface FeedExporter {
  /** Exports the given halls (default: every published hall). Runs are serialised. */
  run(halls?: string[]): Promise<ExportResult>;
}

export class ExportError extends Error {
  override readonly name = 'ExportError';
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Fetched {
  bytes: Uint8Array;
  signature: string;
}

export function createFeedExporter(options: FeedExporterOptions): FeedExporter {
  const { store, signer, outDir } = options;
  const now = options.now ?? (() => new Date());
  const headTtlSeconds = options.headTtlSeconds ?? DEFAULT_HEAD_TTL_SECONDS;
  const pageLimit = options.pageLimit ?? DEFAULT_PAGE_LIMIT;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const pruneAfterMs = options.pruneAfterMs ?? DEFAULT_PRUNE_AFTER_MS;
  // One router for the exporter's life: its caches keep full pages and unchanged snapshots byte-identical and cheap.
  const feed = createFeedRoutes({ store, signer, now, formatVersion: 2, headTtlSeconds });
  /** Full pages already walked per hall: the chain grows at the end; a new epoch, minSeq or key restarts it. */
  const chains = new Map<string, { key: string; full: StaticPageLink[] }>();
  let queue: Promise<unknown> = Promise.resolve();

  async function get(path: string, what: string): Promise<Fetched> {
    const res = await feed.request(path);
    if (res.status !== 200) throw new ExportError(`${what}: the feed answered ${res.status} (${(await res.text()).slice(0, 300)})`);
    const signature = res.headers.get(SIGNATURE_HEADER);
    if (!signature) throw new ExportError(`${what}: the feed answered without a signature`);
    return { bytes: new Uint8Array(await res.arrayBuffer()), signature };
  }

  let written = 0;
  function immutable(dir: string, fetched: Fetched): StaticLink {
    const path = `${dir}/${sha256Hex(fetched.bytes)}.json`;
    if (writeImmutable(join(outDir, path), fetched.bytes)) written++;
    return { path, signature: fetched.signature, bytes: fetched.bytes.byteLength };
  }

  async function exportMedia(records: { record: ContentRecord }[]): Promise<number> {
    let count = 0;
    for (const hash of new Set(records.flatMap((r) => mediaReferencedBy(r.record)))) {
      const path = join(outDir, 'media', hash);
      if (existsSync(path)) continue;
      const media = await store.getMedia(hash);
      // A record naming media the store lacks is the origin's problem too (404 there); the kiosk reports it.
      if (!media) continue;
      writeImmutable(path, media.bytes);
      written++;
      count++;
    }
    return count;
  }

  async function pagesOf(hall: string, minSeq: number, epoch: string): Promise<StaticPageLink[]> {
    const key = `${epoch}/${minSeq}/${signer.keyId}`;
    let chain = chains.get(hall);
    if (!chain || chain.key !== key) chain = { key, full: [] };
    chains.set(hall, chain);
    let since = chain.full.at(-1)?.to ?? minSeq;
    for (;;) {
      const q = `since=${since}&limit=${pageLimit}&hall=${encodeURIComponent(hall)}`;
      const fetched = await get(`/changes?${q}`, `changes?${q}`);
      const page = JSON.parse(new TextDecoder().decode(fetched.bytes)) as { to: number; hasMore: boolean; epoch: string };
      if (page.epoch !== epoch) throw new ExportError(`the log's epoch changed during the export (${epoch} → ${page.epoch}); run it again`);
      const link: StaticPageLink = { ...immutable(STATIC_PAGES_DIR, fetched), from: since, to: page.to };
      if (!page.hasMore) return [...chain.full, link].slice(-maxPages);
      chain.full.push(link);
      since = page.to;
    }
  }

  /**
   * The links of the hall's head already in the export, when they still describe the hall: same key,
   * epoch, compaction point and hall position, every file still there. Re-exporting would only make a
   * new snapshot (its generatedAt differs) and re-sign what kiosks already have.
   */
  function unchangedLinks(hall: string, position: { epoch: string; seq: number; minSeq: number }) {
    const previous = readExportedHead(outDir, hall);
    if (!previous || previous.envelope.keyId !== signer.keyId) return null;
    const { head } = previous;
    const same =
      head.formatVersion === FEED_FORMAT_VERSION &&
      head.epoch === position.epoch &&
      head.minSeq === position.minSeq &&
      head.seq === Math.max(position.seq, position.minSeq) &&
      head.static.pages.length > 0 &&
      [head.static.snapshot, ...head.static.pages].every((link) => existsSync(join(outDir, link.path)));
    return same ? { static: head.static, logSeq: head.static.pages.at(-1)!.to } : null;
  }

  async function exportOnce(requested?: string[]): Promise<ExportResult> {
    written = 0;
    const published = (await store.listRecords('hall')).map((h) => h.id);
    const halls = requested && requested.length > 0 ? requested : published;
    const unknown = halls.filter((h) => !published.includes(h));
    if (unknown.length > 0)
      throw new ExportError(`--hall ${unknown.join(', ')}: no published hall has this id (published: ${published.join(', ') || 'none'})`);

    const heads: { hall: string; body: StaticFeedHead }[] = [];
    const results: HallExport[] = [];
    let media = 0;
    for (const hall of halls) {
      // The hall's head is read first: the snapshot and the tail page are at or after it, never before.
      const visible = await store.position(hall);
      const kept = unchangedLinks(hall, visible);
      if (kept) {
        heads.push({ hall, body: headBody(hall, visible, kept.logSeq, kept.static) });
        const { snapshot, pages } = kept.static;
        results.push({
          hall,
          seq: Math.max(visible.seq, visible.minSeq),
          snapshotSeq: snapshot.seq,
          snapshotBytes: snapshot.bytes,
          pages: pages.length,
          unchanged: true,
        });
        continue;
      }
      const snapshotFetched = await get(`/snapshot?hall=${encodeURIComponent(hall)}`, `snapshot of ${hall}`);
      const snapshotLink = immutable(STATIC_SNAPSHOTS_DIR, snapshotFetched);
      const snapshot = JSON.parse(new TextDecoder().decode(snapshotFetched.bytes)) as {
        seq: number;
        epoch: string;
        records: { record: ContentRecord }[];
      };
      if (snapshot.epoch !== visible.epoch) throw new ExportError(`the log's epoch changed during the export; run it again`);
      media += await exportMedia(snapshot.records);
      const pages = await pagesOf(hall, visible.minSeq, visible.epoch);
      const tail = pages.at(-1)!;
      const body = headBody(hall, visible, tail.to, { snapshot: { ...snapshotLink, seq: snapshot.seq }, pages });
      heads.push({ hall, body });
      results.push({
        hall,
        seq: body.seq,
        snapshotSeq: snapshot.seq,
        snapshotBytes: snapshotLink.bytes,
        pages: pages.length,
        unchanged: false,
      });
    }

    const keys: FeedKey[] = [signer.feedKey];
    const next = signer.nextKey();
    if (next) keys.push({ algorithm: 'Ed25519', keyId: next.keyId, publicKey: next.publicKey });
    writeFileAtomic(
      join(outDir, STATIC_KEYS_PATH),
      new TextEncoder().encode(JSON.stringify({ keys, nextKeyActiveFrom: next?.activeFrom })),
    );

    // Heads last: every file they name is already in place.
    for (const { hall, body } of heads) {
      const signed = signJson(body, signer);
      const envelope: SignedEnvelope = {
        payloadType: STATIC_HEAD_PAYLOAD_TYPE,
        payload: Buffer.from(signed.bytes).toString('base64'),
        keyId: signer.keyId,
        signature: signed.signature,
      };
      const file = join(outDir, staticHeadPath(hall));
      const previousMs = existsSync(file) ? statSync(file).mtimeMs : null;
      writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(envelope)));
      moveMtimePast(file, previousMs);
    }
    const pruned = prune(outDir, now().getTime(), pruneAfterMs);
    return { halls: results, written, media, pruned, expiresAt: heads[0]?.body.expiresAt ?? '' };
  }

  /** A head is always made afresh: its generatedAt and expiresAt move on with every export. */
  function headBody(
    hall: string,
    visible: { epoch: string; seq: number; minSeq: number },
    logSeq: number,
    links: StaticFeedHead['static'],
  ): StaticFeedHead {
    const generatedAt = now();
    const nextKey = signer.nextKey();
    return {
      formatVersion: FEED_FORMAT_VERSION,
      hall,
      epoch: visible.epoch,
      seq: Math.max(visible.seq, visible.minSeq),
      logSeq,
      minSeq: visible.minSeq,
      generatedAt: isoWithOffset(generatedAt),
      expiresAt: isoWithOffset(new Date(generatedAt.getTime() + headTtlSeconds * 1000)),
      ...(nextKey ? { nextKey } : {}),
      static: links,
    };
  }

  return {
    run(halls) {
      const result = queue.then(() => exportOnce(halls));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

/**
 * Hosts such as nginx derive the ETag and Last-Modified of a file from its mtime in whole seconds and its
 * size. A head rewritten within the same second at the same length (timestamps have a fixed length)
 * would keep its ETag, and kiosks polling with If-None-Match would get 304 for a new head. So the new
 * head's mtime is moved to at least the next whole second after the previous one.
 */
function moveMtimePast(file: string, previousMs: number | null): void {
  if (previousMs === null) return;
  const previousSecond = Math.floor(previousMs / 1000);
  if (Math.floor(statSync(file).mtimeMs / 1000) > previousSecond) return;
  const next = new Date((previousSecond + 1) * 1000);
  utimesSync(file, next, next);
}

/** Paths every head in the export names (all halls, also those this run did not export). */
export function referencedPaths(outDir: string): Set<string> {
  const referenced = new Set<string>();
  const hallsDir = join(outDir, STATIC_FEED_PATH, 'halls');
  if (!existsSync(hallsDir)) return referenced;
  for (const hall of readdirSync(hallsDir)) {
    // An unreadable head names nothing; its hall is re-exported by the next run that includes it.
    const head = readExportedHead(outDir, hall)?.head;
    if (!head) continue;
    referenced.add(head.static.snapshot.path);
    for (const page of head.static.pages) referenced.add(page.path);
  }
  return referenced;
}

/** The hall's head in the export and its envelope, or null when there is none or it cannot be read. */
function readExportedHead(outDir: string, hall: string): { envelope: SignedEnvelope; head: StaticFeedHead } | null {
  const file = join(outDir, staticHeadPath(hall));
  if (!existsSync(file)) return null;
  try {
    const envelope = JSON.parse(readFileSync(file, 'utf8')) as SignedEnvelope;
    const head = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as StaticFeedHead;
    return head.static?.snapshot && Array.isArray(head.static.pages) ? { envelope, head } : null;
  } catch {
    return null;
  }
}

/** Where prune remembers since when a file has not been named by any head (a dot file: not for upload). */
export const UNREFERENCED_STATE_PATH = `${STATIC_FEED_PATH}/.unreferenced.json`;

/**
 * Removes pages and snapshots that no head has named since before `cutoffMs` (the grace period counts
 * from when the last head stopped naming a file, not from its creation), and stale temporary files.
 */
function prune(outDir: string, nowMs: number, graceMs: number): number {
  const referenced = referencedPaths(outDir);
  const statePath = join(outDir, UNREFERENCED_STATE_PATH);
  let since: Record<string, number> = {};
  try {
    since = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, number>;
  } catch {
    // first run, or a damaged state file: every unreferenced file starts its grace period now
  }
  const next: Record<string, number> = {};
  let pruned = 0;
  for (const dir of [STATIC_PAGES_DIR, STATIC_SNAPSHOTS_DIR, 'media']) {
    const abs = join(outDir, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs)) {
      const file = join(abs, name);
      if (name.startsWith(TEMP_PREFIX)) {
        if (statSync(file).mtimeMs < nowMs - graceMs) rmSync(file, { force: true });
        continue;
      }
      // Media are not listed in heads: they stay (content-addressed, shared by halls and versions).
      const rel = `${dir}/${name}`;
      if (dir === 'media' || referenced.has(rel)) continue;
      const first = since[rel] ?? nowMs;
      if (first <= nowMs - graceMs) {
        rmSync(file, { force: true });
        pruned++;
      } else next[rel] = first;
    }
  }
  writeFileAtomic(statePath, new TextEncoder().encode(JSON.stringify(next)));
  return pruned;
}
