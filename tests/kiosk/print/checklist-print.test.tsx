// @vitest-environment happy-dom
/**
 * The printed checklist's material lines: the counts name the kind of copy themselves, so no label
 * stands before them (it read "原件：原件 1 份"). On both papers and whichever language the resident
 * chose (the slip is for the hall's window, so it stays Chinese; 繁體 mode converts it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceGuide } from '../../../src/shared/content';
import { allFixtures } from '../ui/support/fixtures';
import { renderKiosk, type Rendered } from '../ui/support/render-kiosk';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});
// The print sheet is drawn outside the app container (a portal at the end of the page).
const $$ = (sel: string) => [...document.querySelectorAll(sel)] as HTMLElement[];

/** The 低保 fixture with a third material needed as an original only. */
function records(): unknown[] {
  return allFixtures().map((r) => {
    const record = r as { id: string };
    if (record.id !== 'guide-dibao') return r;
    const guide = r as ServiceGuide;
    return {
      ...guide,
      materials: [...guide.materials, { ...guide.materials[0]!, name: '户口簿', originalOrCopy: 'original', originals: 1, copies: 0 }],
    };
  });
}

const SIMPLIFIED = ['原件 1 份，复印件 2 份', '原件 1 份', '复印件 1 份'];
const TRADITIONAL = ['原件 1 份，複印件 2 份', '原件 1 份', '複印件 1 份'];
const BUTTON = { 'zh-Hans': '简体', 'zh-Hant': '繁體', en: 'EN' } as const;

describe('printed checklist wording', () => {
  for (const paper of ['a4', 'receipt-80mm'] as const)
    for (const language of ['zh-Hans', 'zh-Hant', 'en'] as const)
      it(`says each material's counts once, without a label repeating them (${paper}, ${language})`, async () => {
        app = await renderKiosk({ path: '/guides/guide-dibao', config: { printer: paper }, records: records() });
        await app.until(() => $$('[data-testid=guide-print] .print-materials li').length === 3, 'print sheet');
        if (language !== 'zh-Hans') {
          await app.click($$('.toolbar-language').find((b) => b.textContent === BUTTON[language]));
          await app.until(() => document.documentElement.lang === language, language);
        }
        const counts = () => $$('[data-testid=guide-print] .print-materials .print-counts').map((el) => el.textContent!.trim());
        // Required first, then conditional: 身份证 (original and copy), 户口簿 (original), 残疾人证 (copy).
        const expected = language === 'zh-Hant' ? [TRADITIONAL] : [SIMPLIFIED, TRADITIONAL];
        await app.until(
          () => expected.some((e) => JSON.stringify(e) === JSON.stringify(counts())),
          `counts in ${language}: ${counts().join(' | ')}`,
        );
        for (const li of $$('[data-testid=guide-print] .print-materials li'))
          expect(li.textContent).not.toMatch(/(原件|复印件|複印件|影印件)：/);
      });
});
