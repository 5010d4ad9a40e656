/**
 * A large on-screen keyboard for pinyin, initials, digits and (for English
 * names) spaces: no system
 * keyboard is assumed on a hall touchscreen. Keys are real buttons with
 * spoken labels; their size follows the kiosk's --target (larger in elder
 * mode), never below 48 px (60 px in elder mode).
 */
import type { SearchTranslate } from './strings';

const ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

export interface OnScreenKeyboardProps {
  t: SearchTranslate;
  onKey(char: string): void;
  onBackspace(): void;
  onClear(): void;
  onSearch(): void;
}

export function OnScreenKeyboard(props: OnScreenKeyboardProps) {
  const { t } = props;
  // Keys must not take focus away from the input (a physical keyboard keeps working).
  const keepFocus = (e: Event) => e.preventDefault();
  return (
    <div class="osk" role="group" aria-label={t('keyboard')} data-testid="on-screen-keyboard">
      {ROWS.map((row, r) => (
        <div class={`osk-row osk-row-${r}`} key={row}>
          {[...row].map((k) => (
            <button
              type="button"
              key={k}
              class="osk-key"
              data-key={k}
              aria-label={t(/\d/.test(k) ? 'keyDigit' : 'keyLetter', { k })}
              onMouseDown={keepFocus}
              onClick={() => props.onKey(k.toLowerCase())}
            >
              {k}
            </button>
          ))}
          {r === 3 && (
            <button
              type="button"
              class="osk-key osk-key-wide"
              data-key="backspace"
              aria-label={t('backspaceLabel')}
              onMouseDown={keepFocus}
              onClick={props.onBackspace}
            >
              <span aria-hidden="true">← </span>
              {t('backspace')}
            </button>
          )}
        </div>
      ))}
      <div class="osk-row osk-row-actions">
        <button
          type="button"
          class="osk-key osk-key-wide osk-key-space"
          data-key="space"
          aria-label={t('spaceLabel')}
          onMouseDown={keepFocus}
          onClick={() => props.onKey(' ')}
        >
          {t('space')}
        </button>
        <button
          type="button"
          class="osk-key osk-key-wide"
          data-key="clear"
          aria-label={t('clearLabel')}
          onMouseDown={keepFocus}
          onClick={props.onClear}
        >
          {t('clear')}
        </button>
        <button type="button" class="osk-key osk-key-search" data-key="search" onMouseDown={keepFocus} onClick={props.onSearch}>
          {t('search')}
        </button>
      </div>
    </div>
  );
}
