/**
 * A real feed server on a loopback port with a temp data dir and a tiny
 * static build, for the contract tests.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { seedDataset, startServer, type RunningServer, type StartServerOptions } from '../../../src/server/app';
import type { ContentRecord } from '../../../src/shared/content';
import type { FeedKey } from '../../../src/shared/feed/protocol';

export interface TestServer extends RunningServer {
  dataDir: string;
  staticDir: string;
  get(path: string, init?: RequestInit): Promise<Response>;
  /** GET and return the body bytes with the response. */
  bytes(path: string, init?: RequestInit): Promise<{ res: Response; body: Buffer }>;
  json<T>(path: string): Promise<T>;
}

export function writeFakeBuild(staticDir: string, options: { console?: boolean } = {}) {
  mkdirSync(join(staticDir, 'kiosk'), { recursive: true });
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(
    join(staticDir, 'kiosk', 'index.html'),
    '<!doctype html><title>kiosk shell</title><script type="module" src="/assets/app-abc123.js"></script>',
  );
  writeFileSync(join(staticDir, 'assets', 'app-abc123.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  writeFileSync(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  if (options.console) {
    mkdirSync(join(staticDir, 'console'), { recursive: true });
    writeFileSync(join(staticDir, 'console', 'index.html'), '<!doctype html><title>console shell</title>');
  }
}

export async function startTestServer(
  options: { records?: ContentRecord[]; console?: boolean } & Partial<StartServerOptions> = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shk-server-'));
  const staticDir = mkdtempSync(join(tmpdir(), 'shk-static-'));
  writeFakeBuild(staticDir, { console: options.console ?? false });
  const server = await startServer({
    seedDemo: false,
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'silent' }),
    staticDir,
    ...options,
    dataDir,
  });
  if (options.records) await seedDataset(server.store, { records: options.records, media: [] }, options.now?.() ?? new Date());
  const get = (path: string, init?: RequestInit) => fetch(server.url + path, init);
  return {
    ...server,
    dataDir,
    staticDir,
    get,
    async bytes(path, init) {
      const res = await get(path, init);
      return { res, body: Buffer.from(await res.arrayBuffer()) };
    },
    async json<T>(path: string) {
      const res = await get(path);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async close() {
      await server.close();
      rmSync(staticDir, { recursive: true, force: true });
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Verifies with node:crypto exactly as a third-party client would: raw key from /feed/v1/key. */
export function verifierFor(key: FeedKey) {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(key.publicKey, 'base64')]);
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return (body: Uint8Array, signatureB64: string | null) =>
    signatureB64 !== null && verify(null, body, publicKey, Buffer.from(signatureB64, 'base64'));
}
