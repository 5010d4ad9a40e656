/**
 * `npm start` runs src/server/main.ts: env configuration, structured logs
 * (one line per request), demo data on first run, clean shutdown on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';

describe('src/server/main.ts', () => {
  it('starts on PORT with KIOSK_DATA_DIR, seeds the demo, logs one JSON line per request and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shk-main-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      // The embedded SQLite start: a DATABASE_URL that CI sets for the PostgreSQL suite must not redirect it.
      env: { ...process.env, DATABASE_URL: '', PORT: '0', KIOSK_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    let buffered = '';
    const listening = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        for (const line of parts) {
          const entry = JSON.parse(line) as Record<string, unknown>;
          lines.push(entry);
          if (entry.msg === 'feed server listening') resolve(entry.url as string);
        }
      });
      child.once('exit', (code) => reject(new Error(`main.ts exited early with ${code}`)));
    });
    const url = await listening;
    expect(lines.some((l) => l.msg === 'seeded the demo dataset' && (l.records as number) > 100)).toBe(true);

    const res = await fetch(`${url}/feed/v1/head?hall=hall-county`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    // The request line is written once the response has gone out; it reaches us through the pipe.
    const requestLine = await vi.waitFor(() => {
      const line = lines.find((l) => l.msg === 'request' && l.path === '/feed/v1/head');
      if (!line) throw new Error('no request line logged yet');
      return line;
    });
    expect(requestLine).toMatchObject({ method: 'GET', path: '/feed/v1/head', status: 200 });
    expect(typeof requestLine?.ms).toBe('number');

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a malformed PORT with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, DATABASE_URL: '', PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(out).toContain('PORT must be a whole number from 0 to 65535');
  });
});
