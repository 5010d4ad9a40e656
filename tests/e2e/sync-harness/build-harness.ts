/**
 * Builds the sync harness page (sync-harness.html and its module scripts, the snapshot worker
 * included) into `outDir`, to be served by the real server as its static dir. An ordinary app
 * build, as the kiosk's: the worker is emitted as its own file just like in the app.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function buildSyncHarness(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const root = fileURLToPath(new URL('.', import.meta.url));
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    base: '/',
    build: {
      outDir,
      emptyOutDir: false,
      minify: true,
      assetsDir: 'sync-harness-assets',
      rollupOptions: { input: fileURLToPath(new URL('./sync-harness.html', import.meta.url)) },
    },
  });
}
