/**
 * HTTP side of the sync (feed protocol v2): the feed requests, each returning
 * verified data or throwing an error whose message staff can act on. Every
 * request has a timeout and a size cap (a hung or endless answer fails like a
 * network error); every signed body must name this kiosk's hall and the log's
 * epoch; the 410 is verified like any other body. Every response's Date
 * header feeds the server clock.
 */
import type { KioskConfig } from '../../shared/kiosk-config';
import {
  FEED_FORMAT_VERSION,
  FEED_PATH,
  SIGNATURE_HEADER,
  UNCOMPRESSED_LENGTH_HEADER,
  KEY_ID_HEADER,
  type AnnouncedKey,
  type ChangesPage,
  type FeedHead,
  type GoneBody,
} from '../../shared/feed/protocol';
import { decodeMediaBundle, MEDIA_BUNDLE_MAX_BYTES } from '../../shared/feed/media-bundle';
import {
  STATIC_HEAD_PAYLOAD_TYPE,
  STATIC_LINK_PATTERN,
  staticHeadPath,
  type SignedEnvelope,
  type StaticLinks,
} from '../../shared/feed/static-feed';
import type { ServerClock } from '../../shared/time/server-clock';
import { parseRetryAfter } from './backoff';
import type { SnapshotBlockEvent } from '../store/snapshot-blocks';
import { snapshotBlockSource, snapshotWorkersWanted, startSnapshotWorkers } from './snapshot-source';
import {
  base64ToBytes,
  checkBinding,
  checkFormatVersion,
  FeedRejectedError,
  isSeq,
  keyIdOf,
  parseJson,
  sha256Hex,
  signatureHeadersOf,
  type SignatureHeaders,
  verifyBody,
  verifyChangesPage,
} from './verify';

/** The server could not be reached at all (network down, server stopped, DNS), or did not answer in time. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** A verified 410: the cursor is unusable; the client must reset from the snapshot. */
export class CursorGoneError extends Error {
  override readonly name = 'CursorGoneError';
  constructor(readonly body: GoneBody & { epoch: string }) {
    super(body.message);
  }
}

/** A head whose signature, hall and epoch were checked. */
export interface VerifiedHead extends FeedHead {
  epoch: string;
  /** ms since 1970 (the server's clock); NaN never: a head without a valid expiry is rejected. */
  expiresAtMs: number;
}

export type HeadResult = { changed: false } | { changed: true; head: VerifiedHead; etag: string | null };

export interface SnapshotProgress {
  loadedBytes: number;
  totalBytes: number | null;
}

/** 'reload' after a verification failure: the browser's cached copy must not be trusted again. */
export type CacheMode = 'default' | 'no-cache' | 'reload';

export interface FeedClient {
  /** The head; `fresh` skips If-None-Match and the HTTP cache (a 304 cannot prove freshness then). */
  head(etag: string | null, fresh?: boolean): Promise<HeadResult>;
  /**
   * A changes page. `cache: 'default'` lets the browser reuse full pages, which the server marks
   * immutable (protocol section 6); 'no-cache' revalidates, for a tail page that may be stale; 'reload'
   * fetches from the server and replaces the cached copy.
   */
  changes(since: number, limit: number, cache?: CacheMode): Promise<ChangesPage & { epoch: string }>;
  /** Downloads the snapshot; the returned stream verifies, validates and yields store blocks (see snapshot-source.ts). */
  snapshot(onProgress: (p: SnapshotProgress) => void, onFetched?: () => void): Promise<AsyncIterable<SnapshotBlockEvent>>;
  media(sha256: string, cache?: CacheMode): Promise<Blob>;
  /**
   * Several media files in one request, each checked against its hash. Files the answer lacks or
   * whose bytes do not match are left out (the caller fetches them one by one). null: this feed has
   * no bundles (a static host, an older server).
   */
  mediaBundle(sha256s: readonly string[]): Promise<Map<string, Blob> | null>;
}

export interface FeedClientOptions {
  config: KioskConfig;
  fetch: typeof fetch;
  clock: ServerClock;
  now: () => number;
  /** Keys learned from a rotation announced in a verified head, besides config.feedPublicKey. */
  extraKeys?: () => AnnouncedKey[];
}

/** Size caps on what a kiosk reads (after gzip is undone): an endless answer or a gzip bomb stops here. */
export const MAX_HEAD_BYTES = 64 * 1024;
export const MAX_PAGE_BYTES = 32 * 1024 * 1024;
export const MAX_SNAPSHOT_BYTES = 128 * 1024 * 1024;
export const MAX_MEDIA_BYTES = 25 * 1024 * 1024;

class RequestTimeout extends Error {
  override readonly name = 'RequestTimeout';
}

export function createFeedClient(options: FeedClientOptions): FeedClient {
  const { config, clock, now } = options;
  const doFetch = options.fetch;
  const origin = typeof location !== 'undefined' ? location.href : 'http://localhost/';
  const base = new URL(config.feedUrl.endsWith('/') ? config.feedUrl : `${config.feedUrl}/`, origin);
  const hall = encodeURIComponent(config.hallId);
  const url = (path: string) => new URL(path, base).toString();
  const timeoutMs = (config.requestTimeoutSeconds ?? 30) * 1000;
  /**
   * Which layout the feed base serves: 'live' (the origin's query URLs) or 'static' (docs/feed-protocol.md
   * section 17: a static host cannot route on query strings, so the client follows links from a signed
   * head). Null until the first answer decides: a 404 or 403 on the live URL makes the client look for a
   * static head; a kiosk is pointed at either by its feedUrl alone.
   */
  let layout: 'live' | 'static' | null = null;
  /** The links of the last verified static head (a 304 keeps them: same file). */
  let held: { head: VerifiedHead; keyId: string; links: StaticLinks } | null = null;

  /** The key named by X-Feed-Key-Id among those this kiosk trusts (the configured one when none matches: it then fails). */
  async function keyFor(headers: Headers): Promise<string> {
    const keyId = headers.get(KEY_ID_HEADER);
    const extra = options.extraKeys?.() ?? [];
    if (keyId) for (const k of extra) if (k.keyId === keyId && (await keyIdOf(k.publicKey)) === keyId) return k.publicKey;
    return config.feedPublicKey;
  }

  /** A timer that aborts the request; `renew` restarts it (a snapshot may take long, but must keep moving). */
  function deadline() {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const renew = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new RequestTimeout()), timeoutMs);
    };
    renew();
    return { signal: controller.signal, renew, clear: () => clearTimeout(timer) };
  }

  const timedOut = (what: string) =>
    new NetworkError(`等待内容服务器应答${what}超过 ${Math.round(timeoutMs / 1000)} 秒（应答挂起），已放弃本次请求，稍后重试`);

  /** Head and snapshot bypass the HTTP cache ('no-store'; the head sends its own If-None-Match); pages and media opt in. */
  async function request(path: string, what: string, signal: AbortSignal, init: RequestInit = {}): Promise<Response> {
    const sentAt = now();
    let res: Response;
    try {
      res = await doFetch(url(path), { cache: 'no-store', ...init, signal });
    } catch (err) {
      if (signal.aborted) throw timedOut(what);
      throw new NetworkError(`无法连接内容服务器 ${base.host || base.href}（网络中断或服务器未运行）：${(err as Error)?.message ?? err}`);
    }
    clock.observe(res.headers.get('Date'), sentAt, now());
    return res;
  }

  /** Reads the whole body, at most `max` bytes; a body cut off or too slow is the network's fault. */
  async function readCapped(res: Response, max: number, what: string, signal: AbortSignal, onChunk?: () => void): Promise<Uint8Array> {
    try {
      if (!res.body) return new Uint8Array(await res.arrayBuffer());
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
        if (total > max) {
          await reader.cancel().catch(() => {});
          throw new FeedRejectedError(
            'size',
            `${what}超过 ${Math.round(max / 1024)} KB 上限（可能被篡改或是压缩炸弹），已停止下载并拒绝。`,
          );
        }
        chunks.push(value);
        onChunk?.();
      }
      if (chunks.length === 1) return chunks[0]!;
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      return out;
    } catch (err) {
      if (err instanceof FeedRejectedError) throw err;
      if (signal.aborted) throw timedOut(what);
      throw new NetworkError(`下载${what}时连接中断或数据损坏：${(err as Error)?.message ?? err}`);
    }
  }

  function requireJson(res: Response, what: string): void {
    const type = res.headers.get('Content-Type') ?? '';
    if (!/^application\/json\b/i.test(type.trim()))
      throw new FeedRejectedError('format', `${what}的内容类型是 ${type || '（空）'}，不是 application/json，已拒绝。`);
  }

  async function failOn(res: Response, what: string, signal: AbortSignal): Promise<never> {
    const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'), clock.now());
    let detail = '';
    try {
      const text = new TextDecoder().decode(await readCapped(res, MAX_HEAD_BYTES, what, signal));
      const body = JSON.parse(text) as { message?: unknown; error?: unknown };
      detail = String(body.message ?? body.error ?? '').slice(0, 300);
    } catch {
      // not JSON, too long or cut off: the status says enough
    }
    const busy = res.status === 429 || res.status === 503;
    const message = busy
      ? `内容服务器繁忙（HTTP ${res.status}），${retryAfterMs != null ? `按服务器要求 ${Math.ceil(retryAfterMs / 1000)} 秒后` : '稍后'}重试。`
      : `获取${what}失败：内容服务器返回 HTTP ${res.status}${detail ? `（${detail}）` : ''}。`;
    throw new HttpStatusError(res.status, retryAfterMs, message);
  }

  /** A 410 resets the kiosk only when it is signed, for this hall, this since, and not expired. */
  async function verifiedGone(res: Response, since: number, signal: AbortSignal): Promise<CursorGoneError> {
    const what = '重置要求（410）';
    requireJson(res, what);
    const bytes = await readCapped(res, MAX_HEAD_BYTES, what, signal);
    await verifyBody(bytes, res.headers, await keyFor(res.headers), what);
    const raw = parseJson(bytes, what) as Partial<GoneBody> | null;
    if (!raw || typeof raw !== 'object') throw new FeedRejectedError('format', `${what}不是对象，已拒绝。`);
    checkFormatVersion(raw, what);
    const epoch = checkBinding(raw, config.hallId, what);
    if (raw.error !== 'cursor-compacted' && raw.error !== 'cursor-ahead')
      throw new FeedRejectedError('format', `${what}的 error 不是 cursor-compacted 或 cursor-ahead，已拒绝。`);
    if (raw.since !== since)
      throw new FeedRejectedError('binding', `${what}回答的是序号 ${String(raw.since)}，本机问的是 ${since}，已拒绝。`);
    if (!isSeq(raw.minSeq) || !isSeq(raw.seq)) throw new FeedRejectedError('format', `${what}缺少 seq 或 minSeq，已拒绝。`);
    const expiresAt = Date.parse(String(raw.expiresAt));
    if (!Number.isFinite(expiresAt) || expiresAt < clock.now())
      throw new FeedRejectedError('expired', `${what}已过期（${String(raw.expiresAt)}），可能是重放的旧应答，已拒绝。`);
    return new CursorGoneError({ ...(raw as GoneBody), epoch });
  }

  /** Verifies a head body (signature, format, hall, epoch, seqs, expiry present) and returns it. */
  async function verifiedHead(bytes: Uint8Array, headers: Headers, what: string): Promise<VerifiedHead> {
    await verifyBody(bytes, headers, await keyFor(headers), what);
    const raw = parseJson(bytes, what) as Partial<FeedHead> | null;
    if (!raw || typeof raw !== 'object') throw new FeedRejectedError('format', `${what}不是对象。`);
    checkFormatVersion(raw, what);
    const epoch = checkBinding(raw, config.hallId, what);
    if (!isSeq(raw.seq) || !isSeq(raw.minSeq) || raw.seq < raw.minSeq)
      throw new FeedRejectedError('format', `${what}缺少 seq 或 minSeq，或 seq 小于 minSeq。`);
    const expiresAtMs = Date.parse(String(raw.expiresAt));
    if (!Number.isFinite(expiresAtMs)) throw new FeedRejectedError('format', `${what}缺少有效的到期时间 expiresAt。`);
    const nextKey = await checkedNextKey(raw.nextKey);
    return { ...(raw as FeedHead), epoch, expiresAtMs, ...(nextKey ? { nextKey } : { nextKey: undefined }) };
  }

  /**
   * Not a live feed here: a static host answers a query URL it cannot route with 404 (403 from a bucket
   * without list rights), or with the app's index.html when it falls back to it for unknown paths.
   */
  const isMissing = (res: Response) =>
    res.status === 404 || res.status === 403 || (res.ok && /^text\/html\b/i.test((res.headers.get('Content-Type') ?? '').trim()));

  /** Looks for a static head beside a live URL that was missing; on success the client stays static. */
  async function probeStatic(signal: AbortSignal): Promise<HeadResult | null> {
    try {
      const result = await staticHead(null, true, signal);
      layout = 'static';
      return result;
    } catch {
      // No static feed here either: the live answer's error is the one to report.
      return null;
    }
  }

  /** The static head: an envelope holding the signed head bytes, its signature and key id (section 17). */
  async function staticHead(etag: string | null, fresh: boolean, signal: AbortSignal): Promise<HeadResult> {
    const what = '更新状态（静态 head）';
    const init: RequestInit = fresh ? { cache: 'reload' } : etag ? { headers: { 'If-None-Match': etag } } : {};
    const res = await request(staticHeadPath(config.hallId), what, signal, init);
    if (res.status === 304) return { changed: false };
    if (!res.ok) return await failOn(res, what, signal);
    requireJson(res, what);
    const envelope = parseJson(await readCapped(res, MAX_HEAD_BYTES, what, signal), what) as Partial<SignedEnvelope> | null;
    if (
      !envelope ||
      envelope.payloadType !== STATIC_HEAD_PAYLOAD_TYPE ||
      typeof envelope.payload !== 'string' ||
      typeof envelope.signature !== 'string' ||
      typeof envelope.keyId !== 'string'
    )
      throw new FeedRejectedError('format', `${what}不是签名信封（payloadType、payload、signature、keyId），已拒绝。`);
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(envelope.payload);
    } catch {
      throw new FeedRejectedError('format', `${what}的 payload 不是 base64，已拒绝。`);
    }
    const headers = new Headers({ [SIGNATURE_HEADER]: envelope.signature, [KEY_ID_HEADER]: envelope.keyId });
    const head = await verifiedHead(bytes, headers, what);
    const links = checkedLinks((head as { static?: unknown }).static, what);
    held = { head, keyId: envelope.keyId, links };
    return { changed: true, head, etag: res.headers.get('ETag') };
  }

  /** A page of the static layout: the page holding `since`, checked against the signature the head gives for it. */
  async function staticChanges(since: number, cache: CacheMode, signal: AbortSignal): Promise<ChangesPage & { epoch: string }> {
    const what = '更新页';
    if (!held) throw new FeedRejectedError('format', '静态内容源：尚未取得更新状态（head），不能取更新页。');
    const { head, links } = held;
    const pages = links.pages;
    const first = pages[0]!;
    const last = pages.at(-1)!;
    if (since < first.from || since > last.to) {
      // The signed head says what the origin's signed 410 would: too old for the pages kept, or ahead of the log.
      const ahead = since > last.to;
      throw new CursorGoneError({
        formatVersion: FEED_FORMAT_VERSION,
        error: ahead ? 'cursor-ahead' : 'cursor-compacted',
        message: ahead ? `序号 ${since} 超过静态内容源的 ${last.to}` : `静态内容源只保留序号 ${first.from} 之后的更新`,
        hall: config.hallId,
        epoch: head.epoch,
        since,
        seq: head.seq,
        minSeq: head.minSeq,
        snapshot: links.snapshot.path,
        generatedAt: head.generatedAt,
        expiresAt: head.expiresAt,
      });
    }
    if (since === last.to)
      return {
        formatVersion: FEED_FORMAT_VERSION,
        hall: config.hallId,
        epoch: head.epoch,
        from: since,
        to: since,
        hasMore: false,
        changes: [],
      };
    const link = pages.find((p) => p.from <= since && since < p.to)!;
    const res = await request(link.path, what, signal, { cache });
    if (!res.ok) return await failOn(res, what, signal);
    requireJson(res, what);
    const bytes = await readCapped(res, MAX_PAGE_BYTES, what, signal);
    const headers = new Headers({ [SIGNATURE_HEADER]: link.signature, [KEY_ID_HEADER]: held.keyId });
    const page = (await verifyChangesPage(bytes, headers, await keyFor(headers), config.hallId)) as ChangesPage & { epoch: string };
    if (page.from !== link.from || page.to !== link.to)
      throw new FeedRejectedError(
        'binding',
        `${what}覆盖序号 (${page.from}, ${page.to}]，更新状态说的是 (${link.from}, ${link.to}]，已拒绝。`,
      );
    // The page starts at its fixed boundary; the kiosk's cursor may be inside it.
    return { ...page, from: since, changes: page.changes.filter((c) => c.seq > since) };
  }

  return {
    async head(etag, fresh = false) {
      const what = '更新状态（head）';
      const d = deadline();
      try {
        if (layout === 'static') return await staticHead(etag, fresh, d.signal);
        const init: RequestInit = fresh ? { cache: 'reload' } : etag ? { headers: { 'If-None-Match': etag } } : {};
        const res = await request(`${FEED_PATH}/head?hall=${hall}`, what, d.signal, init);
        if (layout === null && isMissing(res)) {
          const found = await probeStatic(d.signal);
          if (found) return found;
        }
        if (res.status === 304) return { changed: false };
        if (!res.ok) return await failOn(res, what, d.signal);
        requireJson(res, what);
        // The head is signed too: a forged head could hold a kiosk at old content or force needless snapshots.
        const bytes = await readCapped(res, MAX_HEAD_BYTES, what, d.signal);
        const head = await verifiedHead(bytes, res.headers, what);
        layout = 'live';
        return { changed: true, head, etag: res.headers.get('ETag') };
      } finally {
        d.clear();
      }
    },

    async changes(since, limit, cache = 'default') {
      const what = '更新页';
      const d = deadline();
      try {
        if (layout === 'static') return await staticChanges(since, cache, d.signal);
        const res = await request(`${FEED_PATH}/changes?since=${since}&limit=${limit}&hall=${hall}`, what, d.signal, { cache });
        if (res.status === 410) throw await verifiedGone(res, since, d.signal);
        if (!res.ok) return await failOn(res, what, d.signal);
        requireJson(res, what);
        const bytes = await readCapped(res, MAX_PAGE_BYTES, what, d.signal);
        return (await verifyChangesPage(bytes, res.headers, await keyFor(res.headers), config.hallId)) as ChangesPage & { epoch: string };
      } finally {
        d.clear();
      }
    },

    async snapshot(onProgress, onFetched) {
      const what = '快照';
      const d = deadline();
      let bodies: Uint8Array[];
      let res: Response;
      // The workers load while the body downloads.
      let workers: Promise<Worker[]> | undefined;
      let signature: SignatureHeaders | null = null;
      try {
        let totalBytes: number | null = null;
        if (layout !== 'static') {
          res = await request(`${FEED_PATH}/snapshot?hall=${hall}`, what, d.signal);
          if (layout === null && isMissing(res) && (await probeStatic(d.signal))) return await this.snapshot(onProgress, onFetched);
          if (!res.ok) return await failOn(res, what, d.signal);
          const declared = Number(res.headers.get(UNCOMPRESSED_LENGTH_HEADER));
          totalBytes = Number.isFinite(declared) && declared > 0 ? declared : null;
        } else {
          // First start on a static feed: the snapshot's address and signature come from the signed head.
          if (!held) await staticHead(null, true, d.signal);
          const link = held!.links.snapshot;
          // Content-addressed: a cached copy is as good as a fresh one (and is checked like one).
          res = await request(link.path, what, d.signal, { cache: 'default' });
          if (!res.ok) return await failOn(res, what, d.signal);
          totalBytes = link.bytes;
          signature = { signature: link.signature, keyId: held!.keyId };
        }
        requireJson(res, what);
        workers = startSnapshotWorkers();
        bodies = await readWithProgress(res, totalBytes, onProgress, Math.max(1, snapshotWorkersWanted()), d.renew);
      } catch (err) {
        void workers?.then((list) => list.forEach((w) => w.terminate()));
        if (err instanceof FeedRejectedError || err instanceof HttpStatusError || err instanceof NetworkError) throw err;
        if (d.signal.aborted) throw timedOut(what);
        throw new NetworkError(`下载${what}时连接中断或数据损坏：${(err as Error)?.message ?? err}`);
      } finally {
        d.clear();
      }
      onFetched?.();
      const [body, ...copies] = bodies as [Uint8Array, ...Uint8Array[]];
      signature ??= signatureHeadersOf(res.headers);
      const key = await keyFor(new Headers(signature.keyId ? { [KEY_ID_HEADER]: signature.keyId } : {}));
      return snapshotBlockSource(body, signature, key, { workers, copies });
    },

    async media(sha256, cache = 'default') {
      const what = `媒体文件 ${sha256.slice(0, 12)}`;
      const d = deadline();
      try {
        const res = await request(`media/${sha256}`, what, d.signal, { cache });
        if (!res.ok) return await failOn(res, what, d.signal);
        const bytes = await readCapped(res, MAX_MEDIA_BYTES, what, d.signal);
        const actual = await sha256Hex(bytes as Uint8Array<ArrayBuffer>);
        if (actual !== sha256)
          throw new FeedRejectedError(
            'signature',
            `媒体文件 ${sha256.slice(0, 12)}… 的 SHA-256 与内容不符（实际 ${actual.slice(0, 12)}…），已丢弃。`,
          );
        return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' });
      } finally {
        d.clear();
      }
    },

    async mediaBundle(sha256s) {
      const what = `媒体包（${sha256s.length} 个文件）`;
      const d = deadline();
      try {
        const res = await request(`media/bundle?h=${sha256s.join(',')}`, what, d.signal, { cache: 'default' });
        // A static host or an older server has no bundles: the kiosk fetches file by file there.
        if (res.status === 404 || res.status === 405 || res.status === 501) return null;
        if (!res.ok) return await failOn(res, what, d.signal);
        // A bundle can be as large as its biggest file, which may exceed the bundle size on its own.
        const bytes = await readCapped(res, MEDIA_BUNDLE_MAX_BYTES + MAX_MEDIA_BYTES, what, d.signal, d.renew);
        let files;
        try {
          files = decodeMediaBundle(bytes);
        } catch (err) {
          throw new FeedRejectedError('format', `${what}格式无效：${(err as Error).message}`);
        }
        const wanted = new Set(sha256s);
        const blobs = new Map<string, Blob>();
        for (const f of files) {
          if (!wanted.has(f.sha256) || (await sha256Hex(f.bytes as Uint8Array<ArrayBuffer>)) !== f.sha256) continue;
          blobs.set(f.sha256, new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.type }));
        }
        return blobs;
      } finally {
        d.clear();
      }
    },
  };
}

/** The links of a static head: contiguous pages and a snapshot, each a content-addressed path in the layout. */
function checkedLinks(value: unknown, what: string): StaticLinks {
  const bad = () => new FeedRejectedError('format', `${what}缺少有效的静态链接（static.snapshot、static.pages），已拒绝。`);
  const links = value as Partial<StaticLinks> | null;
  const linkOk = (l: unknown) => {
    const x = l as { path?: unknown; signature?: unknown; bytes?: unknown } | null;
    return !!x && typeof x.path === 'string' && STATIC_LINK_PATTERN.test(x.path) && typeof x.signature === 'string' && isSeq(x.bytes);
  };
  if (!links || typeof links !== 'object' || !linkOk(links.snapshot) || !isSeq(links.snapshot!.seq)) throw bad();
  if (!Array.isArray(links.pages) || links.pages.length === 0) throw bad();
  let previous: number | null = null;
  for (const p of links.pages) {
    if (!linkOk(p) || !isSeq(p.from) || !isSeq(p.to) || p.to < p.from || (previous !== null && p.from !== previous)) throw bad();
    previous = p.to;
  }
  return links as StaticLinks;
}

/** A key announced by a verified head: its id must be the hash of its bytes. */
async function checkedNextKey(value: unknown): Promise<AnnouncedKey | null> {
  if (value === undefined || value === null) return null;
  const k = value as Partial<AnnouncedKey>;
  const ok =
    typeof k.publicKey === 'string' &&
    /^[A-Za-z0-9+/]{43}=$/.test(k.publicKey) &&
    typeof k.keyId === 'string' &&
    Number.isFinite(Date.parse(String(k.activeFrom))) &&
    (await keyIdOf(k.publicKey)) === k.keyId;
  if (!ok) throw new FeedRejectedError('format', '更新状态（head）宣布的新密钥 nextKey 无效，已拒绝。');
  return { keyId: k.keyId!, publicKey: k.publicKey!, activeFrom: String(k.activeFrom) };
}

/** Today's scaled snapshot is 25 MB; a declared length above this is grown into, not reserved up front. */
const MAX_RESERVED_BYTES = 128 * 1024 * 1024;

/**
 * Reads the body with progress reports into `copies` identical buffers (one per snapshot worker).
 * When the server declares the uncompressed length, each chunk is copied into place as it arrives,
 * while the kiosk waits for the network anyway, instead of joining and copying 25 MB after the last.
 */
async function readWithProgress(
  res: Response,
  totalBytes: number | null,
  onProgress: (p: SnapshotProgress) => void,
  copies: number,
  onChunk: () => void,
): Promise<Uint8Array[]> {
  if (!res.body) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    onProgress({ loadedBytes: bytes.length, totalBytes: totalBytes ?? bytes.length });
    return [bytes, ...Array.from({ length: copies - 1 }, () => bytes.slice())];
  }
  const reader = res.body.getReader();
  // The header is not signed: a length beyond any plausible snapshot is not worth reserving memory for.
  const reserve = totalBytes !== null && totalBytes <= MAX_RESERVED_BYTES ? totalBytes : 1 << 20;
  let buffers = Array.from({ length: copies }, () => new Uint8Array(reserve));
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Each chunk restarts the request's timer: a long download is fine, a stalled one is not.
    onChunk();
    if (loaded + value.length > MAX_SNAPSHOT_BYTES) {
      await reader.cancel().catch(() => {});
      throw new FeedRejectedError(
        'size',
        `快照超过 ${MAX_SNAPSHOT_BYTES / 1024 / 1024} MB 上限（可能被篡改或是压缩炸弹），已停止下载并拒绝。`,
      );
    }
    if (loaded + value.length > buffers[0]!.length) {
      // Longer than declared (or not declared): grow, doubling.
      const size = Math.max(buffers[0]!.length * 2, loaded + value.length);
      buffers = buffers.map((old) => {
        const grown = new Uint8Array(size);
        grown.set(old.subarray(0, loaded));
        return grown;
      });
    }
    for (const buffer of buffers) buffer.set(value, loaded);
    loaded += value.length;
    // A few dozen reports are enough for a progress bar.
    if (totalBytes === null || loaded - lastReport >= totalBytes / 50) {
      lastReport = loaded;
      onProgress({ loadedBytes: loaded, totalBytes });
    }
  }
  onProgress({ loadedBytes: loaded, totalBytes: totalBytes ?? loaded });
  // Exactly the body's length, so each buffer can be transferred whole to a worker.
  return loaded === buffers[0]!.length ? buffers : buffers.map((b) => b.slice(0, loaded));
}
