/**
 * GET /media/:sha256: content-addressed files (portraits, blank forms). The
 * URL names the bytes, so they can be cached forever; kiosks check the hash.
 * GET /media/bundle?h=a,b,c: many of them in one response (src/shared/feed/media-bundle.ts).
 */
import { Hono } from 'hono';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { SHA256_PATTERN } from '../../shared/content';
import {
  encodeMediaBundle,
  MEDIA_BUNDLE_CONTENT_TYPE,
  MEDIA_BUNDLE_MAX_BYTES,
  MEDIA_BUNDLE_MAX_FILES,
  type BundledFile,
} from '../../shared/feed/media-bundle';
import type { FeedErrorBody } from '../../shared/feed/protocol';
import type { ContentStore } from '../store/content-store';
import { EXPOSED_HEADERS, IMMUTABLE } from '../feed/routes';

const gzipAsync = promisify(gzip);

export function createMediaRoutes(deps: { store: ContentStore }): Hono {
  const app = new Hono();
  const invalid = (message: string): FeedErrorBody => ({ error: 'invalid-parameter', parameter: 'h', message });
  app.get('/bundle', async (c) => {
    const hashes = (c.req.query('h') ?? '').split(',').filter((h) => h.length > 0);
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (hashes.length === 0) return c.json(invalid('h must list one or more sha256 hashes, separated by commas'), 400, cors);
    if (hashes.length > MEDIA_BUNDLE_MAX_FILES)
      return c.json(invalid(`h lists ${hashes.length} hashes; at most ${MEDIA_BUNDLE_MAX_FILES} per bundle`), 400, cors);
    const bad = hashes.find((h) => !SHA256_PATTERN.test(h));
    if (bad !== undefined)
      return c.json(invalid(`each hash must be 64 lower-case hex digits (got ${JSON.stringify(bad.slice(0, 80))})`), 400, cors);
    const files: BundledFile[] = [];
    let bytes = 0;
    for (const sha256 of new Set(hashes)) {
      const media = await deps.store.getMedia(sha256);
      if (!media) continue;
      // Always at least one file, so a single large form still travels in a bundle.
      if (files.length > 0 && bytes + media.bytes.length > MEDIA_BUNDLE_MAX_BYTES) break;
      files.push({ sha256, type: media.ref.type, bytes: media.bytes });
      bytes += media.bytes.length;
    }
    const body = encodeMediaBundle(files);
    // Portraits are SVG text: gzip brings a bundle to about a third, which counts on a 1 Mbit/s village link.
    const zipped = /\bgzip\b/i.test(c.req.header('Accept-Encoding') ?? '');
    // The same list always gives the same bytes (files are immutable), so caches may keep it; kiosks sort their lists.
    return c.body((zipped ? new Uint8Array(await gzipAsync(body)) : body) as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': MEDIA_BUNDLE_CONTENT_TYPE,
      ...(zipped ? { 'Content-Encoding': 'gzip' } : {}),
      Vary: 'Accept-Encoding',
      'Cache-Control': IMMUTABLE,
      'X-Content-Type-Options': 'nosniff',
      ...cors,
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    });
  });
  app.get('/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    if (!SHA256_PATTERN.test(sha256)) {
      const body: FeedErrorBody = {
        error: 'invalid-parameter',
        parameter: 'sha256',
        message: `sha256 must be 64 lower-case hex digits (got ${JSON.stringify(sha256.slice(0, 80))})`,
      };
      return c.json(body, 400, { 'Access-Control-Allow-Origin': '*' });
    }
    const etag = `"${sha256}"`;
    const immutableHeaders = {
      'Cache-Control': IMMUTABLE,
      ETag: etag,
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    };
    if ((c.req.header('If-None-Match') ?? '').split(',').some((t) => t.trim() === etag)) return c.body(null, 304, immutableHeaders);
    const media = await deps.store.getMedia(sha256);
    if (!media) {
      const body: FeedErrorBody = { error: 'unknown-media', parameter: 'sha256', message: `no media with sha256 ${sha256}` };
      return c.json(body, 404, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' });
    }
    return c.body(media.bytes as Uint8Array<ArrayBuffer>, 200, {
      ...immutableHeaders,
      'Content-Type': media.ref.type,
      'X-Content-Type-Options': 'nosniff',
      // An SVG opened directly must not run script or load anything.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
  });
  return app;
}
