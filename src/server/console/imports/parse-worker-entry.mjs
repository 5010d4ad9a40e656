// Worker threads do not inherit the TypeScript loader of a server started with
// `node --import tsx` (nor vitest's); tsx's API loads the worker's module itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./parse-worker.ts', import.meta.url);
