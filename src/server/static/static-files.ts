/**
 * Serves the built kiosk and console from staticDir. All the rules about
 * which file answers which path (SPA fallbacks, the service worker, cache
 * lifetimes) live in this one module so a change of build layout is one edit.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context } from 'hono';

const gzipAsync = promisify(gzip);

/** Paths that belong to APIs: they never fall back to an HTML shell. */
export const API_PREFIXES = ['/feed/', '/media/', '/api/', '/kiosk-config/', '/m/'];

/**
 * The single-page-app shells: a navigation under `prefix` that matches no
 * file gets `shell`. Checked in order; the kiosk is the catch-all.
 */
export const SPA_SHELLS = [
  { prefix: '/console', shell: 'console/index.html' },
  { prefix: '/', shell: 'kiosk/index.html' },
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};
// .bin is the handwriting model, whose delta-coded strokes gzip to about three quarters.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt', '.map', '.bin']);

/** Hashed build output can be cached forever; everything that names it must be revalidated. */
export function cacheControlFor(urlPath: string): string {
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

interface LoadedFile {
  bytes: Uint8Array;
  gzipped: Uint8Array | null;
  etag: string;
  mtimeMs: number;
  size: number;
}

export function createStaticHandler(staticDir: string) {
  const root = normalize(staticDir);
  const cache = new Map<string, LoadedFile>();

  /** Resolves a URL path to a file inside staticDir, or null (never escapes the directory). */
  const resolveFile = async (relative: string): Promise<string | null> => {
    const full = normalize(join(root, relative));
    if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
    const info = await stat(full).catch(() => null);
    return info?.isFile() ? full : null;
  };

  const load = async (file: string): Promise<LoadedFile> => {
    const info = await stat(file);
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const bytes = new Uint8Array(await readFile(file));
    const gzipped = COMPRESSIBLE.has(extname(file)) && bytes.byteLength > 512 ? new Uint8Array(await gzipAsync(bytes)) : null;
    const loaded = {
      bytes,
      gzipped,
      etag: `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`,
      mtimeMs: info.mtimeMs,
      size: info.size,
    };
    cache.set(file, loaded);
    return loaded;
  };

  const send = async (c: Context, file: string, cacheControl: string) => {
    const loaded = await load(file);
    const useGzip = loaded.gzipped !== null && /\bgzip\b/i.test(c.req.header('Accept-Encoding') ?? '');
    const etag = useGzip ? loaded.etag.replace(/"$/, '-gzip"') : loaded.etag;
    const headers: Record<string, string> = { 'Cache-Control': cacheControl, ETag: etag };
    if (loaded.gzipped) headers.Vary = 'Accept-Encoding';
    if ((c.req.header('If-None-Match') ?? '').split(',').some((t) => t.trim() === etag)) return c.body(null, 304, headers);
    headers['Content-Type'] = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    if (useGzip) headers['Content-Encoding'] = 'gzip';
    return c.body((useGzip ? loaded.gzipped! : loaded.bytes) as Uint8Array<ArrayBuffer>, 200, headers);
  };

  /** Hono handler for GET/HEAD of any path no API router claimed. */
  return async (c: Context) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text('Bad path', 400);
    }
    if (path.includes('\0')) return c.text('Bad path', 400);

    const file = path.endsWith('/') ? null : await resolveFile(path);
    if (file) return send(c, file, cacheControlFor(path));

    // A missing asset (anything with an extension) is a 404, never an HTML page served as JavaScript.
    if (API_PREFIXES.some((p) => path.startsWith(p))) {
      return c.json({ error: 'not-found', message: `no such endpoint: ${path.slice(0, 200)}` }, 404, { 'Cache-Control': 'no-cache' });
    }
    if (extname(path) !== '' && !path.endsWith('/')) return c.text('Not found', 404, { 'Cache-Control': 'no-cache' });

    for (const { prefix, shell } of SPA_SHELLS) {
      const under = prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
      if (!under) continue;
      const shellFile = join(root, shell);
      if (existsSync(shellFile)) return send(c, shellFile, 'no-cache');
      return c.text(`${shell} is missing from ${root}: run npm run build`, 404, { 'Cache-Control': 'no-cache' });
    }
    return c.text('Not found', 404);
  };
}
