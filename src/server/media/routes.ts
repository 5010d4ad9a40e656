/**
 * GET /media/:sha256: content-addressed files (portraits, blank forms). The
 * URL names the bytes, so they can be cached forever; kiosks check the hash.
 */
import { Hono } from 'hono';
import { SHA256_PATTERN } from '../../shared/content';
import type { FeedErrorBody } from '../../shared/feed/protocol';
import type { ContentStore } from '../store/content-store';
import { EXPOSED_HEADERS, IMMUTABLE } from '../feed/routes';

export function createMediaRoutes(deps: { store: ContentStore }): Hono {
  const app = new Hono();
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
