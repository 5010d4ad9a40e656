/**
 * The kiosk settings fields that pairing a kiosk and editing its settings
 * share (hall, interface languages, idle time, printer), and the text and
 * select fields both forms are built from. Ids are "<prefix>-<field>" so each
 * form keeps its own (pair-printer, ks-printer), and every field shows its
 * problem from the server next to it.
 */
import type { Language, PRINTER_FORMATS } from '../../shared/kiosk-config';
import type { FieldProblem } from '../api-error';
import type { ComponentChildren } from 'preact';
import { useSession } from '../app/session';

type Printer = (typeof PRINTER_FORMATS)[number];

export const LANGUAGE_NAMES: [Language, string][] = [
  ['zh-Hans', '简体中文'],
  ['zh-Hant', '繁體中文'],
  ['en', 'English'],
];
export const PRINTERS: [Printer, string][] = [
  ['none', '无打印机'],
  ['receipt-80mm', '80 毫米热敏小票'],
  ['a4', 'A4 纸'],
];

interface FieldProps {
  prefix: string;
  field: string;
  label: string;
  problems: FieldProblem[];
}

const problemOf = (problems: FieldProblem[], field: string) => problems.find((p) => p.field === field);

function Problem(props: { id: string; problem: FieldProblem | undefined }) {
  return props.problem ? (
    <p class="error-message" id={props.id}>
      <span class="visually-hidden">错误：</span>
      {props.problem.message}
    </p>
  ) : null;
}

/** The label and the server's problem above one control, which gets the id and the problem's id to describe it. */
function FieldGroup(props: FieldProps & { control: (id: string, describedBy: string | undefined) => ComponentChildren }) {
  const id = `${props.prefix}-${props.field}`;
  const problem = problemOf(props.problems, props.field);
  return (
    <div class={`form-group${problem ? ' form-group--error' : ''}`}>
      <label class="label" for={id}>
        {props.label}
      </label>
      <Problem id={`${id}-error`} problem={problem} />
      {props.control(id, problem ? `${id}-error` : undefined)}
    </div>
  );
}

export function TextField(props: FieldProps & { value: string; onInput: (value: string) => void; numeric?: boolean; password?: boolean }) {
  return (
    <FieldGroup
      {...props}
      control={(id, describedBy) => (
        <input
          class="input"
          id={id}
          type={(props.password ? 'password' : 'text') as 'text'}
          inputMode={props.numeric ? 'numeric' : 'text'}
          autoComplete="off"
          value={props.value}
          aria-describedby={describedBy}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    />
  );
}

/** A choice among `choices` (the value handed to onChange is always one of them). */
export function SelectField<T extends string>(props: FieldProps & { value: T; choices: [T, string][]; onChange: (value: T) => void }) {
  return (
    <FieldGroup
      {...props}
      control={(id, describedBy) => (
        <select
          class="input"
          id={id}
          value={props.value}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange(e.currentTarget.value as T)}
        >
          {props.choices.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** What both forms hold for the shared fields (the idle time as typed, so the server can name a bad one). */
export interface SharedSettings {
  hallId: string;
  languages: Language[];
  idleTimeoutSeconds: string;
  printer: Printer;
}

/**
 * A number field as typed: "90" → 90, "" → undefined (left out). Anything else is NaN, which
 * JSON carries as null, so the server names the field ("必须是数字") as for any other problem.
 */
export const typedNumber = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

export const SHARED_LABELS: Record<keyof SharedSettings, string> = {
  hallId: '大厅',
  languages: '界面语言',
  idleTimeoutSeconds: '无人操作多少秒后回到首页',
  printer: '打印机',
};

/** Hall, interface languages, idle time and printer. */
export function SharedSettingsFields(props: {
  prefix: string;
  values: SharedSettings;
  problems: FieldProblem[];
  onChange: <K extends keyof SharedSettings>(field: K, value: SharedSettings[K]) => void;
}) {
  const { lookups } = useSession();
  const { prefix, values, problems } = props;
  const languagesProblem = problemOf(problems, 'languages');
  return (
    <>
      <SelectField
        prefix={prefix}
        field="hallId"
        label={SHARED_LABELS.hallId}
        problems={problems}
        value={values.hallId}
        choices={lookups.halls.map((h) => [h.value, h.label])}
        onChange={(v) => props.onChange('hallId', v)}
      />
      <fieldset class={`fieldset${languagesProblem ? ' form-group--error' : ''}`}>
        <legend class="label">{SHARED_LABELS.languages}</legend>
        <Problem id={`${prefix}-languages-error`} problem={languagesProblem} />
        {LANGUAGE_NAMES.map(([value, label]) => (
          <div class="checkbox" key={value}>
            <input
              type="checkbox"
              id={`${prefix}-lang-${value}`}
              checked={values.languages.includes(value)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                props.onChange('languages', on ? [...values.languages, value] : values.languages.filter((l) => l !== value));
              }}
            />
            <label for={`${prefix}-lang-${value}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      <TextField
        prefix={prefix}
        field="idleTimeoutSeconds"
        label={SHARED_LABELS.idleTimeoutSeconds}
        problems={problems}
        numeric
        value={values.idleTimeoutSeconds}
        onInput={(v) => props.onChange('idleTimeoutSeconds', v)}
      />
      <SelectField
        prefix={prefix}
        field="printer"
        label={SHARED_LABELS.printer}
        problems={problems}
        value={values.printer}
        choices={PRINTERS}
        onChange={(v) => props.onChange('printer', v)}
      />
    </>
  );
}
