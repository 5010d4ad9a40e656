/**
 * HTTP side of the sync: the four feed requests, each returning verified data
 * or throwing an error whose message staff can act on. Every response's Date
 * header feeds the server clock.
 */
import type { KioskConfig } from '../../shared/kiosk-config';
import { UNCOMPRESSED_LENGTH_HEADER, type ChangesPage, type FeedHead, type GoneBody } from '../../shared/feed/protocol';
import type { ServerClock } from '../../shared/time/server-clock';
import { parseRetryAfter } from './backoff';
import type { SnapshotBlockEvent } from '../store/snapshot-blocks';
import { snapshotBlockSource, snapshotWorkersWanted, startSnapshotWorkers } from './snapshot-source';
import { FeedRejectedError, sha256Hex, signatureHeadersOf, verifyBody, verifyChangesPage } from './verify';

/** The server could not be reached at all (network down, server stopped, DNS). */
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

/** 410: the cursor is older than the server keeps; the client must reset from the snapshot. */
export class CursorGoneError extends Error {
  override readonly name = 'CursorGoneError';
  constructor(readonly body: Partial<GoneBody>) {
    super(body.message ?? 'cursor compacted');
  }
}

export type HeadResult = { changed: false } | { changed: true; head: FeedHead; etag: string | null };

export interface SnapshotProgress {
  loadedBytes: number;
  totalBytes: number | null;
}

export interface FeedClient {
  head(etag: string | null): Promise<HeadResult>;
  /**
   * A changes page. `cache: 'default'` lets the browser reuse full pages, which the server marks
   * immutable (protocol section 6); 'no-cache' revalidates, for a tail page that may be stale.
   */
  changes(since: number, limit: number, cache?: 'default' | 'no-cache'): Promise<ChangesPage>;
  /** Downloads the snapshot; the returned stream verifies, validates and yields store blocks (see snapshot-source.ts). */
  snapshot(onProgress: (p: SnapshotProgress) => void, onFetched?: () => void): Promise<AsyncIterable<SnapshotBlockEvent>>;
  media(sha256: string): Promise<Blob>;
}

export function createFeedClient(options: { config: KioskConfig; fetch: typeof fetch; clock: ServerClock; now: () => number }): FeedClient {
  const { config, clock, now } = options;
  const doFetch = options.fetch;
  const origin = typeof location !== 'undefined' ? location.href : 'http://localhost/';
  const base = new URL(config.feedUrl.endsWith('/') ? config.feedUrl : `${config.feedUrl}/`, origin);
  const hall = encodeURIComponent(config.hallId);
  const url = (path: string) => new URL(path, base).toString();

  /** Head and snapshot bypass the HTTP cache ('no-store'; the head sends its own If-None-Match); pages and media opt in. */
  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const sentAt = now();
    let res: Response;
    try {
      res = await doFetch(url(path), { cache: 'no-store', ...init });
    } catch (err) {
      throw new NetworkError(`无法连接内容服务器 ${base.host || base.href}（网络中断或服务器未运行）：${(err as Error)?.message ?? err}`);
    }
    clock.observe(res.headers.get('Date'), sentAt, now());
    return res;
  }

  async function failOn(res: Response, what: string): Promise<never> {
    const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'), clock.now());
    let detail = '';
    try {
      const text = await res.text();
      const body = JSON.parse(text) as { message?: unknown; error?: unknown };
      detail = String(body.message ?? body.error ?? '');
    } catch {
      // not JSON: the status says enough
    }
    const busy = res.status === 429 || res.status === 503;
    const message = busy
      ? `内容服务器繁忙（HTTP ${res.status}），${retryAfterMs != null ? `按服务器要求 ${Math.ceil(retryAfterMs / 1000)} 秒后` : '稍后'}重试。`
      : `获取${what}失败：内容服务器返回 HTTP ${res.status}${detail ? `（${detail}）` : ''}。`;
    throw new HttpStatusError(res.status, retryAfterMs, message);
  }

  return {
    async head(etag) {
      const res = await request(`feed/v1/head?hall=${hall}`, etag ? { headers: { 'If-None-Match': etag } } : {});
      if (res.status === 304) return { changed: false };
      if (!res.ok) return failOn(res, '更新状态');
      // The head is signed too: a forged head could hold a kiosk at old content or force needless snapshots.
      const bytes = new Uint8Array(await readBody(() => res.arrayBuffer(), '更新状态'));
      await verifyBody(bytes, res.headers, config.feedPublicKey, '更新状态（head）');
      let head: FeedHead;
      try {
        head = JSON.parse(new TextDecoder().decode(bytes)) as FeedHead;
      } catch {
        throw new FeedRejectedError('format', '更新状态（head）不是有效的 JSON。');
      }
      if (!Number.isSafeInteger(head.seq) || !Number.isSafeInteger(head.minSeq))
        throw new FeedRejectedError('format', '更新状态（head）缺少 seq 或 minSeq。');
      return { changed: true, head, etag: res.headers.get('ETag') };
    },

    async changes(since, limit, cache = 'default') {
      const res = await request(`feed/v1/changes?since=${since}&limit=${limit}&hall=${hall}`, { cache });
      if (res.status === 410) {
        let body: Partial<GoneBody> = {};
        try {
          body = (await res.json()) as GoneBody;
        } catch {
          // the status alone is enough to reset
        }
        throw new CursorGoneError(body);
      }
      if (!res.ok) return failOn(res, '更新页');
      const bytes = new Uint8Array(await readBody(() => res.arrayBuffer(), '更新页'));
      return verifyChangesPage(bytes, res.headers, config.feedPublicKey);
    },

    async snapshot(onProgress, onFetched) {
      const res = await request(`feed/v1/snapshot?hall=${hall}`);
      if (!res.ok) return failOn(res, '快照');
      const declared = Number(res.headers.get(UNCOMPRESSED_LENGTH_HEADER));
      const totalBytes = Number.isFinite(declared) && declared > 0 ? declared : null;
      // The workers load while the body downloads.
      const workers = startSnapshotWorkers();
      let bodies: Uint8Array[];
      try {
        bodies = await readBody(() => readWithProgress(res, totalBytes, onProgress, Math.max(1, snapshotWorkersWanted())), '快照');
      } catch (err) {
        void workers.then((list) => list.forEach((w) => w.terminate()));
        throw err;
      }
      onFetched?.();
      const [body, ...copies] = bodies as [Uint8Array, ...Uint8Array[]];
      return snapshotBlockSource(body, signatureHeadersOf(res.headers), config.feedPublicKey, { workers, copies });
    },

    async media(sha256) {
      const res = await request(`media/${sha256}`, { cache: 'default' });
      if (!res.ok) return failOn(res, `媒体文件 ${sha256.slice(0, 12)}`);
      const bytes = await readBody(() => res.arrayBuffer(), '媒体文件');
      const actual = await sha256Hex(bytes);
      if (actual !== sha256)
        throw new FeedRejectedError(
          'signature',
          `媒体文件 ${sha256.slice(0, 12)}… 的 SHA-256 与内容不符（实际 ${actual.slice(0, 12)}…），已丢弃。`,
        );
      return new Blob([bytes], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' });
    },
  };
}

/** A connection that drops mid-body is the network's fault, not the feed's: report it as such. */
async function readBody<T>(read: () => Promise<T>, what: string): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw new NetworkError(`下载${what}时连接中断：${(err as Error)?.message ?? err}`);
  }
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
