/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

const src = fileURLToPath(new URL('./src', import.meta.url));
const withSelectorShim = fileURLToPath(new URL('./src/kiosk/compat/use-sync-external-store-with-selector.ts', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

const VALIBOT_BUILDERS = [
  'object', 'pipe', 'string', 'number', 'boolean', 'literal', 'picklist', 'variant', 'array', 'optional', 'nullable',
  'regex', 'check', 'integer', 'minValue', 'maxValue', 'minLength', 'maxLength', 'trim',
  'NonEmptyText', 'OptionalText', 'Count',
].flatMap((name) => [name, `v.${name}`]);

/** Paths the service worker must leave to the network: the app stores feed and media itself. */
const NETWORK_ONLY = [/^\/feed\//, /^\/media\//, /^\/kiosk-config\//, /^\/console(\/|$)/, /^\/api\//, /^\/m\//];

export default defineConfig(({ command }) => ({
  root: src,
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  define: {
    __APP_VERSION__: JSON.stringify(`${pkg.version}+${new Date().toISOString().slice(0, 16)}Z`),
    // Builds register the generated service worker; the dev server has none. (Not import.meta.env.PROD:
    // vitest's global setup builds with NODE_ENV=test, and that build must behave like production.)
    __REGISTER_SW__: JSON.stringify(command === 'build'),
  },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'generateSW',
      // Registered by src/kiosk/app/sw-register.ts through workbox-window.
      injectRegister: null,
      // public/manifest.webmanifest is linked from the kiosk's index.html.
      manifest: false,
      filename: 'sw.js',
      workbox: {
        // Precache the kiosk shell only: its HTML, the JS/CSS chunks, icons and manifest.
        globPatterns: ['kiosk/index.html', 'assets/**/*.{js,css,woff2,svg,png}', 'icons/*.{svg,png}', 'manifest.webmanifest'],
        globIgnores: ['**/console-*', 'console/**'],
        navigateFallback: '/kiosk/index.html',
        navigateFallbackDenylist: NETWORK_ONLY,
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
  resolve: {
    alias: [
      // @tanstack/react-router imports these shims. preact/compat has useSyncExternalStore but not the
      // selector variant, which src/kiosk/compat implements on top of it.
      { find: /^use-sync-external-store\/shim\/with-selector(\.js)?$/, replacement: withSelectorShim },
      { find: /^use-sync-external-store\/shim(\/index\.js)?$/, replacement: 'preact/compat' },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      // valibot builders are pure: telling the bundler lets it drop schemas a chunk never uses
      // (the kiosk's first paint needs the content types, not the validators).
      treeshake: { manualPureFunctions: ['v', 'Object.keys', ...VALIBOT_BUILDERS], propertyReadSideEffects: false },
      input: {
        kiosk: fileURLToPath(new URL('./src/kiosk/index.html', import.meta.url)),
        console: fileURLToPath(new URL('./src/console/index.html', import.meta.url)),
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
}));
