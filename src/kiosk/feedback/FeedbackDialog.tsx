/**
 * The rating (好差评) and message (咨询/建议/投诉) dialog: a lazy chunk, opened
 * from a guide, a fee, the duty board or the home screen. Nothing is
 * pre-selected; reasons, text and a phone are asked only for the two bad
 * levels (and for messages), and the phone is never required. The comment's
 * keyboard composes pinyin with a candidate bar (search/pinyin-compose.ts), so
 * a resident gets characters, not "deng le hen jiu".
 */
import { useEffect, useRef, useState } from 'preact/hooks';
// levels and phone only: the item schemas (valibot) stay out of this chunk.
import {
  BAD_REASONS,
  CATEGORY_LABELS,
  isBadLevel,
  LEVEL_LABELS,
  MESSAGE_CATEGORIES,
  REASON_LABELS,
  RATING_LEVELS,
  TEXT_LIMIT,
  type BadReason,
  type MessageCategory,
  type RatingLevel,
} from '../../shared/feedback/levels';
import { isPhoneNumber } from '../../shared/feedback/phone';
import type { Subject } from '../../shared/feedback/items';
import type { Language } from '../../shared/kiosk-config';
import { useKioskUi } from '../app/ui-state';
import { InputMethods } from '../search/handwriting/InputMethods';
import { PinyinBar } from '../search/PinyinBar';
import {
  clearComposition,
  deleteBack,
  keepLetters,
  pick,
  typeKey,
  useCandidateTable,
  type CandidateTable,
  type Composition,
} from '../search/pinyin-compose';
import { CATEGORY_GLOSS, feedbackStrings, LEVEL_GLOSS, REASON_GLOSS } from './strings';
import { recordFeedback } from './track';
import './feedback.css';
import { kioskLog } from '../log/kiosk-log';

export type FeedbackDialogProps =
  | { mode: 'rating'; subject: Subject; onClose(): void }
  | { mode: 'message'; departments: { id: string; name: string }[]; departmentId?: string; onClose(): void };

type Field = 'text' | 'phone';

export default function FeedbackDialog(props: FeedbackDialogProps) {
  const ui = useKioskUi();
  const t = feedbackStrings(ui.language);
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<BadReason[]>([]);
  const [category, setCategory] = useState<MessageCategory | null>(null);
  const [departmentId, setDepartmentId] = useState(props.mode === 'message' ? (props.departmentId ?? '') : '');
  const [text, setText] = useState('');
  /** Pinyin letters typed on the comment keyboard and not yet turned into characters. */
  const [letters, setLetters] = useState('');
  const [phone, setPhone] = useState('');
  const [field, setField] = useState<Field>('text');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => titleRef.current?.focus(), [done]);

  const asksDetails = props.mode === 'message' || (level !== null && isBadLevel(level));
  const phoneOk = phone === '' || isPhoneNumber(phone);
  // Loaded (a lazy chunk) once the comment box shows; until then, or if it cannot load, letters go in as typed.
  const table = useCandidateTable(asksDetails);
  // Letters still being composed count as typed: pressing submit loses nothing.
  const comment = (text + letters).slice(0, TEXT_LIMIT);

  const submit = async () => {
    if (!phoneOk) return setProblem(t('phoneInvalid'));
    try {
      if (props.mode === 'rating') {
        if (level === null) return;
        const bad = isBadLevel(level);
        await recordFeedback({
          kind: 'rating',
          level,
          subject: props.subject,
          reasons: bad ? reasons : [],
          text: bad ? comment.trim() : '',
          phone: bad && phone ? phone : null,
        });
        setDone(bad ? t('thanksBad') : t('thanks'));
      } else {
        if (!category) return;
        if (!departmentId) return setProblem(t('departmentRequired'));
        if (!comment.trim()) return setProblem(t('messageTextRequired'));
        await recordFeedback({ kind: 'message', category, departmentId, text: comment.trim(), phone: phone || null });
        setDone(t('messageThanks'));
      }
    } catch (err) {
      kioskLog.error('feedback not stored', err);
      setProblem(t('saveFailed'));
    }
  };

  const compose = (change: (c: Composition) => Composition) => {
    const next = change({ text, letters });
    setText(next.text.slice(0, TEXT_LIMIT));
    setLetters(next.letters);
  };
  const type = (k: string) => {
    setProblem(null);
    if (field === 'phone') setPhone((p) => (p + k).replace(/[^\d-]/g, '').slice(0, 20));
    else if (table) compose((c) => typeKey(c, k, table));
    else setText((s) => (s + k).slice(0, TEXT_LIMIT));
  };
  const backspace = () => (field === 'phone' ? setPhone((p) => p.slice(0, -1)) : compose(deleteBack));
  const clear = () => (field === 'phone' ? setPhone('') : compose(clearComposition));
  const pinyin =
    table && field === 'text'
      ? {
          letters,
          table,
          language: ui.language,
          onPick: (char: string, syllable: string) => compose((c) => pick(c, char, syllable)),
          onKeepLetters: () => compose(keepLetters),
        }
      : undefined;

  if (done)
    return (
      <Frame onClose={props.onClose} labelledBy="feedback-done">
        <h2 id="feedback-done" ref={titleRef} tabIndex={-1} class="feedback-done" data-testid="feedback-thanks">
          {done}
        </h2>
        <button type="button" class="button button-primary button-large" onClick={props.onClose}>
          {t('close')}
        </button>
      </Frame>
    );

  const ready = props.mode === 'rating' ? level !== null : category !== null;

  return (
    <Frame onClose={props.onClose} labelledBy="feedback-title">
      <h2 id="feedback-title" ref={titleRef} tabIndex={-1}>
        {props.mode === 'rating' ? t('rateTitle') : t('messageTitle')}
      </h2>
      {props.mode === 'rating' ? (
        <>
          <p class="feedback-about">{t('rateAbout', { what: props.subject.title || t('rateVisit') })}</p>
          <fieldset class="feedback-levels" data-testid="rating-levels">
            <legend>{t('chooseLevel')}</legend>
            {RATING_LEVELS.map((l) => (
              <button
                type="button"
                key={l}
                class={`button feedback-level feedback-level-${l}`}
                aria-pressed={level === l}
                data-level={l}
                onClick={() => {
                  setLevel(l);
                  setProblem(null);
                }}
              >
                <span lang="zh-Hans">{LEVEL_LABELS[l]}</span>
                {LEVEL_GLOSS[ui.language][l] && <small>{LEVEL_GLOSS[ui.language][l]}</small>}
              </button>
            ))}
          </fieldset>
        </>
      ) : (
        <>
          <fieldset class="feedback-levels">
            <legend>{t('category')}</legend>
            {MESSAGE_CATEGORIES.map((c) => (
              <button
                type="button"
                key={c}
                class="button feedback-level"
                aria-pressed={category === c}
                data-category={c}
                onClick={() => setCategory(c)}
              >
                <span lang="zh-Hans">{CATEGORY_LABELS[c]}</span>
                {ui.language === 'en' && <small>{CATEGORY_GLOSS.en[c]}</small>}
              </button>
            ))}
          </fieldset>
          <label class="feedback-label" for="feedback-department">
            {t('departmentLabel')}
          </label>
          <select
            id="feedback-department"
            class="feedback-select"
            value={departmentId}
            onChange={(e) => setDepartmentId(e.currentTarget.value)}
          >
            <option value="">—</option>
            {props.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </>
      )}

      {asksDetails && (
        <div class="feedback-details">
          {props.mode === 'rating' && (
            <fieldset class="feedback-reasons" data-testid="rating-reasons">
              <legend>{t('reasonsTitle')}</legend>
              {BAD_REASONS.map((r) => (
                <button
                  type="button"
                  key={r}
                  class="button feedback-reason"
                  aria-pressed={reasons.includes(r)}
                  data-reason={r}
                  onClick={() => setReasons((list) => (list.includes(r) ? list.filter((x) => x !== r) : [...list, r]))}
                >
                  <span lang="zh-Hans">{REASON_LABELS[r]}</span>
                  {ui.language !== 'zh-Hans' && <small>{REASON_GLOSS[ui.language][r]}</small>}
                </button>
              ))}
            </fieldset>
          )}
          <label class="feedback-label" for="feedback-text">
            {props.mode === 'message' ? t('messageText') : t('textLabel')}
          </label>
          <textarea
            id="feedback-text"
            class={`feedback-input${field === 'text' ? ' is-target' : ''}`}
            rows={2}
            maxLength={TEXT_LIMIT}
            value={text}
            aria-describedby="feedback-text-hint"
            onFocus={() => setField('text')}
            onInput={(e) => setText(e.currentTarget.value.slice(0, TEXT_LIMIT))}
          />
          <p id="feedback-text-hint" class="feedback-hint">
            {t('textHint')}
          </p>
          <label class="feedback-label" for="feedback-phone">
            {t('phoneLabel')}
          </label>
          <input
            id="feedback-phone"
            class={`feedback-input${field === 'phone' ? ' is-target' : ''}`}
            inputMode="tel"
            autoComplete="off"
            value={phone}
            aria-describedby="feedback-consent"
            aria-invalid={!phoneOk}
            onFocus={() => setField('phone')}
            onInput={(e) => setPhone(e.currentTarget.value.replace(/[^\d-]/g, '').slice(0, 20))}
          />
          <p id="feedback-consent" class="feedback-consent">
            {t('phoneConsent')}
          </p>
          {field === 'phone' ? (
            <Keys field={field} t={t} onKey={type} onBackspace={backspace} onClear={clear} />
          ) : (
            // Many residents cannot type pinyin: the comment can be written by hand, as on the search screen.
            <InputMethods
              language={ui.language}
              visit={ui.visit}
              panelClass="feedback-input-panel"
              onCharacter={type}
              keyboard={<Keys field={field} t={t} onKey={type} onBackspace={backspace} onClear={clear} pinyin={pinyin} />}
            />
          )}
        </div>
      )}

      {problem && (
        <p class="feedback-problem" role="alert">
          {problem}
        </p>
      )}
      <div class="feedback-actions">
        <button type="button" class="button button-large" onClick={props.onClose}>
          {t('cancel')}
        </button>
        <button
          type="button"
          class="button button-primary button-large"
          disabled={!ready}
          onClick={() => void submit()}
          data-testid="feedback-submit"
        >
          {props.mode === 'rating' ? t('submit') : t('send')}
        </button>
      </div>
    </Frame>
  );
}

function Frame(props: { onClose(): void; labelledBy: string; children: preact.ComponentChildren }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && props.onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [props.onClose]);
  return (
    <div class="modal-backdrop">
      <div class="modal feedback-dialog" role="dialog" aria-modal="true" aria-labelledby={props.labelledBy} data-testid="feedback-dialog">
        {props.children}
      </div>
    </div>
  );
}

const LETTER_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DIGIT_ROWS = ['123', '456', '789', '0'];

/**
 * The on-screen keys for the field being filled: letters and digits for text, a keypad for the phone.
 * With `pinyin` (the comment), letters compose and the candidate bar shows above the keys.
 */
function Keys(props: {
  field: Field;
  t: ReturnType<typeof feedbackStrings>;
  onKey(k: string): void;
  onBackspace(): void;
  onClear(): void;
  pinyin?: {
    letters: string;
    table: CandidateTable;
    language: Language;
    onPick(char: string, syllable: string): void;
    onKeepLetters(): void;
  };
}) {
  const keepFocus = (e: Event) => e.preventDefault();
  const rows = props.field === 'phone' ? DIGIT_ROWS : LETTER_ROWS;
  const { pinyin } = props;
  return (
    <div
      class={`osk feedback-keys feedback-keys-${props.field}`}
      role="group"
      aria-label={props.t('keyboard')}
      data-pinyin={pinyin ? 'candidates' : undefined}
    >
      {pinyin?.letters && (
        <PinyinBar
          letters={pinyin.letters}
          table={pinyin.table}
          language={pinyin.language}
          onPick={pinyin.onPick}
          onKeepLetters={pinyin.onKeepLetters}
        />
      )}
      {rows.map((row) => (
        <div class="osk-row" key={row}>
          {[...row].map((k) => (
            <button type="button" key={k} class="osk-key" data-key={k} onMouseDown={keepFocus} onClick={() => props.onKey(k)}>
              {k}
            </button>
          ))}
        </div>
      ))}
      <div class="osk-row">
        {props.field === 'text' && (
          <button type="button" class="osk-key osk-key-wide" data-key="space" onMouseDown={keepFocus} onClick={() => props.onKey(' ')}>
            {props.t('space')}
          </button>
        )}
        <button type="button" class="osk-key osk-key-wide" data-key="backspace" onMouseDown={keepFocus} onClick={props.onBackspace}>
          {props.t('backspace')}
        </button>
        <button type="button" class="osk-key osk-key-wide" data-key="clear" onMouseDown={keepFocus} onClick={props.onClear}>
          {props.t('clear')}
        </button>
      </div>
    </div>
  );
}
