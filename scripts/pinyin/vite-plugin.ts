/**
 * Puts the pinyin candidate table (build-candidates.ts) into the kiosk as the
 * module `virtual:pinyin-candidates`, generated from the npm packages when it
 * is first imported (build, dev server and vitest alike), not committed. Only
 * the comment keyboard imports it, lazily, so it is a chunk of its own.
 */
import type { Plugin } from 'vite';
import { buildCandidateData } from './build-candidates.ts';

const VIRTUAL_ID = 'virtual:pinyin-candidates';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export function pinyinCandidates(): Plugin {
  return {
    name: 'pinyin-candidates',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      return `export default ${JSON.stringify(buildCandidateData())};`;
    },
  };
}
