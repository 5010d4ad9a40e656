/**
 * An input area with a switch between the on-screen keyboard and the writing
 * pad, and the one chosen: the search screen's, and the comment box of the
 * rating and message dialog. The choice lasts for the visit (coming back from
 * a result keeps it) and resets with the idle reset, like the query.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Language } from '../../../shared/kiosk-config';
import { handwritingStrings } from './strings';
import { WritingPad } from './WritingPad';
import './handwriting.css';

export type InputMethod = 'keyboard' | 'handwriting';

let remembered: { visit: number; method: InputMethod } = { visit: -1, method: 'keyboard' };

export interface InputMethodsProps {
  language: Language;
  visit: number;
  /** The on-screen keyboard, shown when the keyboard is chosen. */
  keyboard: ComponentChildren;
  /** Appends a character written on the pad to the query. */
  onCharacter(char: string): void;
  /** Where the panel sits decides its layout (the search screen's by default). */
  panelClass?: string;
}

export function InputMethods(props: InputMethodsProps) {
  const t = handwritingStrings(props.language);
  const [method, setMethod] = useState<InputMethod>(() => (remembered.visit === props.visit ? remembered.method : 'keyboard'));
  const choose = (m: InputMethod) => {
    remembered = { visit: props.visit, method: m };
    setMethod(m);
  };
  const keepFocus = (e: Event) => e.preventDefault();
  return (
    <div class={props.panelClass ?? 'search-input-panel'} data-method={method}>
      <div class="input-methods" role="group" aria-label={t('inputMethods')}>
        {(['keyboard', 'handwriting'] as const).map((m) => (
          <button
            type="button"
            key={m}
            class="button input-method"
            aria-pressed={method === m}
            data-method={m}
            onMouseDown={keepFocus}
            onClick={() => choose(m)}
          >
            {t(m === 'keyboard' ? 'keyboardMode' : 'handwritingMode')}
          </button>
        ))}
      </div>
      {method === 'keyboard' ? props.keyboard : <WritingPad t={t} onPick={props.onCharacter} />}
    </div>
  );
}
