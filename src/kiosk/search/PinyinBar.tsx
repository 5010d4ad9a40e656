/**
 * The candidate bar above a free-text keyboard's keys while pinyin is being
 * composed: the letters typed, a row of large candidate characters for their
 * first syllable (most common first, a page at a time) and a key that keeps
 * the letters as typed. Buttons carry spoken labels like the keys.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Language } from '../../shared/kiosk-config';
import type { CandidateTable } from './pinyin-compose';
import { pinyinStrings } from './pinyin-strings';
import './pinyin.css';

/** Candidates shown at once: one row of large targets, even in elder mode on a portrait screen. */
const PAGE = 8;

export function PinyinBar(props: {
  letters: string;
  table: CandidateTable;
  language: Language;
  onPick(char: string, syllable: string): void;
  onKeepLetters(): void;
}) {
  const { letters } = props;
  const t = pinyinStrings(props.language);
  const found = props.table.lookup(letters);
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [found?.syllable, letters]);
  const keepFocus = (e: Event) => e.preventDefault();
  const chars = found?.chars ?? [];
  const pages = Math.max(1, Math.ceil(chars.length / PAGE));
  const shown = chars.slice((page % pages) * PAGE, (page % pages) * PAGE + PAGE);
  return (
    <div class="pinyin-bar" role="group" aria-label={t('candidates')} data-testid="pinyin-bar">
      <div class="pinyin-head">
        <p class="pinyin-letters" aria-live="polite" data-testid="pinyin-letters">
          <span class="visually-hidden">{t('composing')}</span>
          {letters}
        </p>
        <button
          type="button"
          class="pinyin-key"
          data-key="keep-letters"
          aria-label={t('keepLettersLabel', { letters })}
          onMouseDown={keepFocus}
          onClick={props.onKeepLetters}
        >
          {t('keepLetters')}
        </button>
      </div>
      <div class="pinyin-row">
        {shown.map((c) => (
          <button
            type="button"
            key={c}
            class="pinyin-candidate"
            lang="zh-Hans"
            data-char={c}
            aria-label={t('pick', { c, p: found!.syllable })}
            onMouseDown={keepFocus}
            onClick={() => props.onPick(c, found!.syllable)}
          >
            {c}
          </button>
        ))}
        {pages > 1 && (
          <button type="button" class="pinyin-key" data-key="more" onMouseDown={keepFocus} onClick={() => setPage((p) => (p + 1) % pages)}>
            {t('more')}
          </button>
        )}
      </div>
    </div>
  );
}
