/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const src = fileURLToPath(new URL('./src', import.meta.url));

export default defineConfig({
  root: src,
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  plugins: [preact()],
  resolve: {
    alias: [
      // @tanstack/react-router imports this shim; Preact's compat layer provides the real hook.
      { find: /^use-sync-external-store\/shim\/with-selector(\.js)?$/, replacement: 'preact/compat' },
      { find: /^use-sync-external-store\/shim(\/index\.js)?$/, replacement: 'preact/compat' },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        kiosk: fileURLToPath(new URL('./src/kiosk/index.html', import.meta.url)),
      },
    },
  },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['tests/**/*.test.{ts,tsx}'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    server: { deps: { inline: [/@tanstack/] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
