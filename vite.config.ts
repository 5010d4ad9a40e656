/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { handwritingModel } from './scripts/handwriting/vite-plugin';
import { pinyinCandidates } from './scripts/pinyin/vite-plugin';

const src = fileURLToPath(new URL('./src', import.meta.url));
const withSelectorShim = fileURLToPath(new URL('./src/kiosk/compat/use-sync-external-store-with-selector.ts', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

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
    handwritingModel(),
    pinyinCandidates(),
    VitePWA({
      strategies: 'generateSW',
      // Registered by src/kiosk/app/sw-register.ts through workbox-window.
      injectRegister: null,
      // public/manifest.webmanifest is linked from the kiosk's index.html.
      manifest: false,
      filename: 'sw.js',
      workbox: {
        // Precache the kiosk shell only: its HTML, the JS/CSS chunks, icons and manifest, and what loads on
        // first use (handwriting model, pdf.js, the espeak-ng offline voice) so an offline kiosk has them too.
        globPatterns: ['kiosk/index.html', 'assets/**/*.{js,css,woff2,svg,png,bin,mjs,wasm}', 'icons/*.{svg,png}', 'manifest.webmanifest'],
        globIgnores: ['**/console-*', 'console/**'],
        navigateFallback: '/kiosk/index.html',
        // A preview of a console draft (?preview=<draftId>) is framed by the console: its page must come from the
        // server, whose headers allow that frame, never from the precached shell (whose headers forbid it).
        navigateFallbackDenylist: [...NETWORK_ONLY, /[?&]preview=/],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        // A new version waits until the kiosk hands over at an idle reset (src/kiosk/app/sw-register.ts).
        skipWaiting: false,
        // The voice module is ~18 MB (program and voice data in one file); everything else stays far below.
        maximumFileSizeToCacheInBytes: 20 * 1024 * 1024,
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
    rolldownOptions: {
      // Calls through the valibot namespace (`v.object(...)`, `v.pipe(...)`) only build schemas: saying so
      // lets the bundler drop schemas a chunk never uses. Only the namespace is listed: bare names like
      // `check` would also match unrelated functions and silently delete their calls.
      // The content model's modules only declare schemas, types and helpers: marking them free of side
      // effects lets the bundler skip the ones a chunk does not use even when imported through index.ts.
      treeshake: { manualPureFunctions: ['v'], moduleSideEffects: (id: string) => !/[\\/]src[\\/]shared[\\/]content[\\/]/.test(id) },
      output: {
        // The record schemas are shared by lazy kiosk chunks (sync engine, screens) and the console entry;
        // left alone the bundler puts them in a chunk both entries load at start. Grouped here, the kiosk's
        // first paint loads only valibot (its config is validated) and the small helpers it uses.
        codeSplitting: {
          groups: [
            { name: 'valibot', test: /[\\/]node_modules[\\/]valibot[\\/]/, priority: 3 },
            // Field rules and helpers the kiosk needs at start (config validation, media references).
            {
              name: 'content-core',
              test: /[\\/]src[\\/]shared[\\/](content[\\/](common|problems|media-refs)|kiosk-config)\.ts$/,
              priority: 2,
            },
            {
              name: 'content-model',
              test: /[\\/]src[\\/]shared[\\/]content[\\/](department|duty|fee|guide|hall|lexicon|notice|official|validate)\.ts$/,
              priority: 1,
            },
          ],
        },
      },
      input: {
        kiosk: fileURLToPath(new URL('./src/kiosk/index.html', import.meta.url)),
        console: fileURLToPath(new URL('./src/console/index.html', import.meta.url)),
      },
    },
  },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    server: { deps: { inline: [/@tanstack/] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // `npm run test:unit` runs only the first project: no build, no browser, a loop of seconds.
    // The browser project builds the app once (global setup) and drives Chromium; a project's
    // global setup runs only when that project has tests queued.
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.{ts,tsx}'], exclude: ['tests/e2e/**'] } },
      {
        extends: true,
        test: { name: 'browser', include: ['tests/e2e/**/*.test.{ts,tsx}'], globalSetup: ['tests/e2e/support/global-setup.ts'] },
      },
    ],
  },
}));
