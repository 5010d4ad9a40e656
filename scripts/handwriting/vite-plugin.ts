/**
 * Puts the handwriting model into the kiosk build. The model is generated from
 * the npm packages at build time (scripts/handwriting/build-model.ts), not
 * committed, and emitted as a hashed asset (assets/handwriting-model-*.bin)
 * that the service worker precaches. The kiosk learns its URL by importing
 * `virtual:handwriting-model-url`; the dev server (and vitest) serve it from
 * memory under a fixed path.
 */
import type { Plugin } from 'vite';
import { buildModelBytes } from './build-model.ts';

const VIRTUAL_ID = 'virtual:handwriting-model-url';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const DEV_PATH = '/@handwriting-model.bin';

export function handwritingModel(): Plugin {
  let bytes: Uint8Array | undefined;
  const model = () => (bytes ??= buildModelBytes());
  let building = false;
  return {
    name: 'handwriting-model',
    configResolved(config) {
      building = config.command === 'build';
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      if (!building) return `export default ${JSON.stringify(DEV_PATH)};`;
      const ref = this.emitFile({ type: 'asset', name: 'handwriting-model.bin', source: model() });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    configureServer(server) {
      server.middlewares.use(DEV_PATH, (_req, res) => {
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(Buffer.from(model()));
      });
    },
  };
}
