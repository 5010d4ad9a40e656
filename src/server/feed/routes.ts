/**
 * The delta feed, /feed/v2 and the legacy /feed/v1 (docs/feed-protocol.md is
 * normative). Handlers only reach data through ContentStore; every body is
 * signed over its exact uncompressed bytes, and only after it parsed as JSON
 * (a damaged record must never go out under a valid signature). Format 2
 * bodies state their hall and the log's epoch; the head carries an expiry.
 * Head and snapshot bodies are cached in memory and reused until the log
 * moves (or the head nears its expiry), so polling kiosks cost a lookup each.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Hono, type Context } from 'hono';
import {
  DEFAULT_PAGE_LIMIT,
  FEED_FORMAT_VERSION,
  KEY_ID_HEADER,
  LEGACY_FEED_FORMAT_VERSION,
  MAX_PAGE_LIMIT,
  SIGNATURE_HEADER,
  UNCOMPRESSED_LENGTH_HEADER,
  type ChangesPage,
  type FeedErrorBody,
  type FeedHead,
  type GoneBody,
  type Snapshot,
} from '../../shared/feed/protocol';
import type { ContentStore, LogPosition } from '../store/content-store';
import { isoWithOffset } from '../time';
import { ByteBoundedCache } from './byte-bounded-cache';
import { BadParameter, hallParam, integerParam } from './params';
import { jsonWithArray, matchesIfNoneMatch, signJson, signParsedBytes, UnparsableBodyError, type SignedBody } from './signed-body';
import type { FeedSigner } from './signing';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** How long a CDN or browser may reuse a tail page: a new change shows up at most this late. */
export const TAIL_PAGE_MAX_AGE_SECONDS = 2;
export const SNAPSHOT_MAX_AGE_SECONDS = 30;
const FULL_PAGE_CACHE_BYTES = 64 * 1024 * 1024;

export const EXPOSED_HEADERS = [SIGNATURE_HEADER, KEY_ID_HEADER, UNCOMPRESSED_LENGTH_HEADER, 'ETag', 'Date', 'Retry-After'].join(', ');

/** How long a signed head stays valid by default (its expiresAt); the server re-signs it well before. */
export const DEFAULT_HEAD_TTL_SECONDS = 3600;

export interface FeedRoutesDeps {
  store: ContentStore;
  signer: FeedSigner;
  now: () => Date;
  /** 2 (default): /feed/v2 bodies. 1: the legacy /feed/v1 bodies, for kiosks not yet updated. */
  formatVersion?: 1 | 2;
  /** Lifetime of a signed head (format 2). */
  headTtlSeconds?: number;
}

interface CachedHead extends SignedBody {
  /** Global log position and signing key the head was built at: any publish, compaction or key switch moves it. */
  at: string;
  /** Re-sign after this (ms since epoch): half the head's lifetime, so a polling kiosk never holds an expired head. */
  renewAt: number;
}

interface RenderedPage {
  body: SignedBody;
  hasMore: boolean;
  /** Filled on the first request that accepts gzip; cached with the page. */
  gzipped?: Promise<Uint8Array>;
}

const COMPRESS_MIN_BYTES = 1024;

function acceptsGzip(c: Context): boolean {
  return /\bgzip\b/i.test(c.req.header('Accept-Encoding') ?? '');
}

/** Strong ETags differ per encoding (RFC 9110 8.8.3). */
function gzipVariant(etag: string): string {
  return etag.replace(/"$/, '-gzip"');
}

interface CachedSnapshot {
  gzipped: Uint8Array;
  uncompressedLength: number;
  signature: string;
  etag: string;
}

export function createFeedRoutes(deps: FeedRoutesDeps): Hono {
  const { store, signer } = deps;
  const v2 = (deps.formatVersion ?? 2) === 2;
  const formatVersion = v2 ? FEED_FORMAT_VERSION : LEGACY_FEED_FORMAT_VERSION;
  const headTtlMs = (deps.headTtlSeconds ?? DEFAULT_HEAD_TTL_SECONDS) * 1000;
  const signBytes = (bytes: Uint8Array) => signParsedBytes(bytes, signer);
  const heads = new Map<string, CachedHead>();
  const snapshots = new Map<string, { at: string; snapshot: Promise<CachedSnapshot> }>();
  // Full pages are immutable, so kiosks catching up after an outage share one rendering of each.
  const fullPages = new ByteBoundedCache<RenderedPage>(FULL_PAGE_CACHE_BYTES, (p) => p.body.bytes.byteLength);
  const positionKey = (p: LogPosition) => `${p.seq}/${p.minSeq}/${p.epoch}/${signer.keyId}`;
  const cacheKey = (hall: string | null) => hall ?? '*';

  const hallExists = async (hall: string | null) => hall === null || (await store.getRecord('hall', hall)) !== null;

  const app = new Hono();

  // Cross-origin kiosks: a conditional GET with If-None-Match needs a preflight.
  app.options('*', (c) =>
    c.body(null, 204, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': 'If-None-Match',
      'Access-Control-Max-Age': '86400',
    }),
  );

  app.get('/head', async (c) => {
    const hall = hallParam(c.req.query('hall'));
    const position = await store.position();
    const at = positionKey(position);
    let head = heads.get(cacheKey(hall));
    const nowMs = deps.now().getTime();
    if (!head || head.at !== at || nowMs >= head.renewAt) {
      if (!(await hallExists(hall))) return unknownHall(c, hall!);
      const visible = hall === null ? position : await store.position(hall);
      const generatedAt = new Date(nowMs);
      const nextKey = v2 ? signer.nextKey() : null;
      const body: FeedHead = v2
        ? {
            formatVersion,
            hall,
            epoch: visible.epoch,
            seq: visible.seq,
            logSeq: position.seq,
            minSeq: visible.minSeq,
            generatedAt: isoWithOffset(generatedAt),
            expiresAt: isoWithOffset(new Date(nowMs + headTtlMs)),
            ...(nextKey ? { nextKey } : {}),
          }
        : { formatVersion, hall, seq: visible.seq, minSeq: visible.minSeq, generatedAt: isoWithOffset(generatedAt) };
      head = { ...signJson(body, signer), at, renewAt: v2 ? nowMs + headTtlMs / 2 : Number.POSITIVE_INFINITY };
      heads.set(cacheKey(hall), head);
    }
    // The 304 carries only what a client needs: kept small because thousands of kiosks poll it.
    if (matchesIfNoneMatch(c.req.header('If-None-Match'), head.etag)) {
      return c.body(null, 304, { ETag: head.etag, 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' });
    }
    return signedJson(c, head, { 'Cache-Control': 'no-cache' });
  });

  app.get('/changes', async (c) => {
    const since = integerParam('since', c.req.query('since'), { min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = integerParam('limit', c.req.query('limit'), { min: 1, max: MAX_PAGE_LIMIT, fallback: DEFAULT_PAGE_LIMIT });
    const hall = hallParam(c.req.query('hall'));
    if (!(await hallExists(hall))) return unknownHall(c, hall!);

    const position = await store.position();
    if (since < position.minSeq || since > position.seq) {
      const compacted = since < position.minSeq;
      const message = compacted
        ? `Changes up to seq ${position.minSeq} were compacted away; since=${since} is too old. Load the snapshot, then continue from its seq.`
        : `since=${since} is ahead of the log head ${position.seq} (the server's data was restored). Load the snapshot, then continue from its seq.`;
      const snapshot = `/feed/v${formatVersion}/snapshot${hall === null ? '' : `?hall=${encodeURIComponent(hall)}`}`;
      const error = compacted ? 'cursor-compacted' : 'cursor-ahead';
      const nowMs = deps.now().getTime();
      // Format 2: bound to the hall, the epoch, this since and a short lifetime, so it cannot be replayed elsewhere.
      const gone: GoneBody = v2
        ? {
            formatVersion,
            error,
            message,
            hall,
            epoch: position.epoch,
            since,
            seq: hall === null ? position.seq : (await store.position(hall)).seq,
            minSeq: position.minSeq,
            snapshot,
            generatedAt: isoWithOffset(new Date(nowMs)),
            expiresAt: isoWithOffset(new Date(nowMs + headTtlMs)),
          }
        : { error, message, minSeq: position.minSeq, snapshot };
      return signedJson(c, signJson(gone, signer), { 'Cache-Control': 'no-store' }, 410);
    }

    const pageKey = `${cacheKey(hall)}|${since}|${limit}|${signer.keyId}`;
    let page = fullPages.get(pageKey);
    if (!page) {
      page = await renderPage(since, limit, hall);
      if (page.hasMore) fullPages.set(pageKey, page);
    }
    const { body } = page;
    // A full page never changes again (compaction only touches seqs <= minSeq <= since); the tail grows.
    const cacheControl = page.hasMore ? IMMUTABLE : `public, max-age=${TAIL_PAGE_MAX_AGE_SECONDS}`;
    // Village query points catch up over slow links: a 500-change page shrinks about tenfold.
    const useGzip = acceptsGzip(c) && body.bytes.byteLength >= COMPRESS_MIN_BYTES;
    const etag = useGzip ? gzipVariant(body.etag) : body.etag;
    const headers = { 'Cache-Control': cacheControl, ETag: etag, Vary: 'Accept-Encoding' };
    if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag))
      return c.body(null, 304, { ...headers, 'Access-Control-Allow-Origin': '*' });
    if (!useGzip) return signedJson(c, body, headers);
    page.gzipped ??= gzipAsync(body.bytes, { level: 6 }).then((gz) => new Uint8Array(gz));
    return signedJson(c, body, { ...headers, 'Content-Encoding': 'gzip' }, 200, await page.gzipped);
  });

  app.get('/snapshot', async (c) => {
    const hall = hallParam(c.req.query('hall'));
    if (!(await hallExists(hall))) return unknownHall(c, hall!);
    const at = positionKey(await store.position());
    const key = cacheKey(hall);
    let cached = snapshots.get(key);
    // Concurrent requests for the same state share one build.
    if (!cached || cached.at !== at) {
      cached = { at, snapshot: buildSnapshot(hall) };
      snapshots.set(key, cached);
      const building = cached;
      building.snapshot.catch(() => snapshots.get(key) === building && snapshots.delete(key));
    }
    const snapshot = await cached.snapshot;
    const useGzip = acceptsGzip(c);
    const etag = useGzip ? gzipVariant(snapshot.etag) : snapshot.etag;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': `public, max-age=${SNAPSHOT_MAX_AGE_SECONDS}`,
      Vary: 'Accept-Encoding',
      ETag: etag,
      [SIGNATURE_HEADER]: snapshot.signature,
      [KEY_ID_HEADER]: signer.keyId,
      [UNCOMPRESSED_LENGTH_HEADER]: String(snapshot.uncompressedLength),
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    };
    if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
    if (useGzip) return c.body(snapshot.gzipped as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Encoding': 'gzip' });
    // Rare: a client that cannot take gzip gets the same bytes uncompressed.
    return c.body(new Uint8Array(await gunzipAsync(snapshot.gzipped)), 200, headers);
  });

  app.get('/key', (c) => c.json(signer.feedKey, 200, { 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' }));

  app.onError((error, c) => {
    if (error instanceof BadParameter) return c.json(error.toBody(), 400, { 'Access-Control-Allow-Origin': '*' });
    if (error instanceof UnparsableBodyError) {
      const body: FeedErrorBody = { error: 'damaged-content', message: error.message };
      return c.json(body, 500, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
    }
    throw error;
  });

  /** The page body: spliced from stored JSON when the store offers it, else serialised here. */
  async function renderPage(since: number, limit: number, hall: string | null): Promise<RenderedPage> {
    if (store.changesSinceJson) {
      const result = await store.changesSinceJson(since, limit, hall);
      const fields: Omit<ChangesPage, 'changes'> = {
        formatVersion,
        hall,
        ...(v2 ? { epoch: (await store.position()).epoch } : {}),
        from: since,
        to: result.to,
        hasMore: result.hasMore,
      };
      return { body: signBytes(jsonWithArray(fields, 'changes', result.changesJson)), hasMore: result.hasMore };
    }
    const result = await store.changesSince(since, limit, hall);
    const page: ChangesPage = {
      formatVersion,
      hall,
      ...(v2 ? { epoch: (await store.position()).epoch } : {}),
      from: since,
      to: result.to,
      hasMore: result.hasMore,
      changes: result.changes,
    };
    return { body: signJson(page, signer), hasMore: result.hasMore };
  }

  async function buildSnapshot(hall: string | null): Promise<CachedSnapshot> {
    const generatedAt = isoWithOffset(deps.now());
    let bytes: Uint8Array;
    if (store.snapshotJson) {
      const state = await store.snapshotJson(hall);
      const fields: Omit<Snapshot, 'records'> = {
        formatVersion,
        hall,
        ...(v2 ? { epoch: state.epoch } : {}),
        seq: state.seq,
        minSeq: state.minSeq,
        generatedAt,
        count: state.count,
      };
      bytes = jsonWithArray(fields, 'records', state.recordsJson);
    } else {
      const state = await store.snapshot(hall);
      const body: Snapshot = {
        formatVersion,
        hall,
        ...(v2 ? { epoch: state.epoch } : {}),
        seq: state.seq,
        minSeq: state.minSeq,
        generatedAt,
        count: state.records.length,
        records: state.records,
      };
      bytes = new TextEncoder().encode(JSON.stringify(body));
    }
    // Async gzip runs on the libuv pool while this thread signs: head polls keep flowing meanwhile.
    const compressing = gzipAsync(bytes, { level: 6 });
    const signed = signBytes(bytes);
    const gzipped = new Uint8Array(await compressing);
    return { gzipped, uncompressedLength: bytes.byteLength, signature: signed.signature, etag: signed.etag };
  }

  /** A signed body; `payload` is its gzip encoding when the response is compressed (the signature is over `body.bytes`). */
  function signedJson(
    c: Context,
    body: SignedBody,
    headers: Record<string, string>,
    status: 200 | 410 = 200,
    payload: Uint8Array = body.bytes,
  ) {
    return c.body(payload as Uint8Array<ArrayBuffer>, status, {
      'Content-Type': 'application/json; charset=utf-8',
      ETag: body.etag,
      [SIGNATURE_HEADER]: body.signature,
      [KEY_ID_HEADER]: signer.keyId,
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
      ...headers,
    });
  }

  function unknownHall(c: Context, hall: string) {
    const body: FeedErrorBody = {
      error: 'unknown-hall',
      parameter: 'hall',
      message: `hall ${JSON.stringify(hall)} does not exist in the feed`,
    };
    return c.json(body, 404, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' });
  }

  return app;
}
