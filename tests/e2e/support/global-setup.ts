/**
 * Builds the kiosk and console once per test run into a private temporary
 * directory (so parallel runs never overwrite each other's build) and hands
 * its path to the browser tests through vitest's provide/inject.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { build } from 'vite';

declare module 'vitest' {
  export interface ProvidedContext {
    distDir: string;
  }
}

export default async function setup(project: TestProject) {
  const distDir = mkdtempSync(join(tmpdir(), 'shk-dist-'));
  await build({ configFile: join(project.config.root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: distDir, emptyOutDir: true } });
  project.provide('distDir', distDir);
  return () => rmSync(distDir, { recursive: true, force: true });
}
