/** Builds the sync harness page (one IIFE script + an HTML page) into `outDir`, to be served by the real server as its static dir. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function buildSyncHarness(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      minify: true,
      lib: { entry: fileURLToPath(new URL('./harness-entry.ts', import.meta.url)), name: 'shkHarness', formats: ['iife'], fileName: () => 'sync-harness.js' },
    },
  });
  writeFileSync(
    join(outDir, 'sync-harness.html'),
    '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>sync harness</title></head><body><p id="status">loading</p><script src="/sync-harness.js"></script></body></html>',
  );
}
