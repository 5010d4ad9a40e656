/**
 * Draws a form from a spec (forms/specs.ts): labelled controls, hints, and the
 * error message under each field whose path has a problem, GOV.UK style.
 * Each control's id is "f-<path>", so the error summary links straight to it.
 */
import { useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../api-error';
import { call, client } from '../client';
import { parseYuanToFen } from '../../shared/money';
import { instantToLocal, localToInstant, yuan } from '../format';
import { FloorPlanEditor } from './FloorPlanEditor';
import { Picker } from './Picker';
import type { Field, Option } from './specs';

export interface Lookups {
  departments: Option[];
  halls: Option[];
}

/**
 * Changes travel as updaters (previous value → next value), so two quick
 * edits before Preact re-renders (autofill, fast typing, a script) never
 * overwrite each other with a stale copy of the record.
 */
export type Update = (prev: any) => any;

interface Props {
  fields: Field[];
  value: Record<string, any>;
  onChange: (update: Update) => void;
  problems: FieldProblem[];
  path?: string;
  lookups: Lookups;
  readOnly?: boolean;
}

export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

function problemsAt(problems: FieldProblem[], path: string) {
  return problems.filter((p) => p.field === path);
}

function ErrorText({ problems, path }: { problems: FieldProblem[]; path: string }) {
  const mine = problemsAt(problems, path);
  if (!mine.length) return null;
  return (
    <p class="error-message" id={`${fieldId(path)}-error`}>
      {mine.map((p) => (
        <span key={p.message}>
          <span class="visually-hidden">错误：</span>
          {p.message}
        </span>
      ))}
    </p>
  );
}

function options(o: Field & { kind: 'select' }, lookups: Lookups): Option[] {
  if (o.options === 'departments') return lookups.departments;
  if (o.options === 'halls') return lookups.halls;
  if (o.options === 'scopes')
    return [{ value: 'global', label: '全部终端' }, ...lookups.halls.map((h) => ({ value: `hall:${h.value}`, label: `仅 ${h.label}` }))];
  return o.options;
}

export function Fields({ fields, value, onChange, problems, path = '', lookups, readOnly }: Props) {
  return (
    <>
      {fields.map((f) => (
        <FieldControl
          key={f.key}
          field={f}
          value={value?.[f.key]}
          path={join(path, f.key)}
          problems={problems}
          lookups={lookups}
          readOnly={readOnly}
          siblings={value}
          onChange={(u) => onChange((prev: Record<string, any> | undefined) => ({ ...prev, [f.key]: u(prev?.[f.key]) }))}
        />
      ))}
    </>
  );
}

interface ControlProps {
  field: Field;
  value: any;
  onChange: (update: Update) => void;
  path: string;
  problems: FieldProblem[];
  lookups: Lookups;
  readOnly?: boolean;
  /** The object this field belongs to (a window picker reads the hall chosen beside it). */
  siblings?: Record<string, any>;
}

function FieldControl({ field, value, onChange: update, path, problems, lookups, readOnly, siblings }: ControlProps) {
  const id = fieldId(path);
  const onChange = (v: unknown) => update(() => v);
  const hasError =
    problemsAt(problems, path).length > 0 ||
    problems.some((p) => p.field.startsWith(`${path}.`) && !p.field.slice(path.length + 1).includes('.') && field.kind === 'variant');
  const describedBy =
    [field.kind !== 'group' && 'hint' in field && field.hint ? `${id}-hint` : '', hasError ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;
  const label = (
    <label class="label" for={id}>
      {field.label}
      {'optional' in field && field.optional ? <span class="optional">（选填）</span> : null}
      {'nullable' in field && field.nullable ? <span class="optional">（可留空）</span> : null}
    </label>
  );
  const hint =
    'hint' in field && field.hint ? (
      <p class="hint" id={`${id}-hint`}>
        {field.hint}
      </p>
    ) : null;
  const wrap = (control: preact.ComponentChildren) => (
    <div class={`form-group${hasError ? ' form-group--error' : ''}`}>
      {label}
      {hint}
      <ErrorText problems={problems} path={path} />
      {control}
    </div>
  );
  const common = {
    id,
    name: path,
    disabled: readOnly,
    'aria-describedby': describedBy,
    'aria-invalid': hasError || undefined,
    class: hasError ? 'input input--error' : 'input',
  };

  switch (field.kind) {
    case 'text':
    case 'phone':
      return wrap(
        <input
          {...common}
          type={(field.kind === 'phone' ? 'tel' : 'text') as 'text'}
          value={value ?? ''}
          onInput={(e) => onChange(e.currentTarget.value)}
        />,
      );
    case 'textarea':
      return wrap(<textarea {...common} rows={5} value={value ?? ''} onInput={(e) => onChange(e.currentTarget.value)} />);
    case 'number':
      return wrap(
        <input
          {...common}
          class={`${common.class} input--short`}
          inputMode="numeric"
          value={value ?? ''}
          onInput={(e) => {
            const t = e.currentTarget.value.trim();
            onChange(/^-?\d+$/.test(t) ? Number(t) : t);
          }}
        />,
      );
    case 'yuan':
      return wrap(<YuanInput common={common} value={value} onChange={onChange} />);
    case 'select': {
      const opts = options(field, lookups);
      const current = value == null ? '' : String(value);
      return wrap(
        <select
          {...common}
          value={current}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onChange(v === '' ? (field.omitWhenEmpty ? undefined : field.nullable ? null : '') : field.number ? Number(v) : v);
          }}
        >
          {field.nullable || !opts.some((o) => o.value === current) ? (
            <option value="">{field.nullable ? '（无）' : '请选择'}</option>
          ) : null}
          {opts.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>,
      );
    }
    case 'checkbox':
      return (
        <div class="form-group checkbox">
          <input id={id} type="checkbox" checked={!!value} disabled={readOnly} onChange={(e) => onChange(e.currentTarget.checked)} />
          <label for={id}>{field.label}</label>
        </div>
      );
    case 'checks':
      return (
        <fieldset class={`form-group fieldset${hasError ? ' form-group--error' : ''}`} id={id}>
          <legend class="label">{field.label}</legend>
          <ErrorText problems={problems} path={path} />
          {field.options.map((o) => (
            <div class="checkbox" key={o.value}>
              <input
                id={`${id}-${o.value}`}
                type="checkbox"
                disabled={readOnly}
                checked={Array.isArray(value) && value.includes(o.value)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  update((prev: unknown) => {
                    const list: string[] = Array.isArray(prev) ? prev.filter((x: string) => x !== o.value) : [];
                    return on ? [...list, o.value] : list;
                  });
                }}
              />
              <label for={`${id}-${o.value}`}>{o.label}</label>
            </div>
          ))}
        </fieldset>
      );
    case 'instant':
      return wrap(
        <span class="with-suffix">
          <input
            {...common}
            type="datetime-local"
            value={instantToLocal(value)}
            onInput={(e) => {
              const v = e.currentTarget.value;
              onChange(v ? localToInstant(v) : field.nullable ? null : '');
            }}
          />
          <span class="suffix">北京时间（UTC+8）</span>
        </span>,
      );
    case 'date':
      return wrap(
        <input
          {...common}
          type="date"
          value={value ?? ''}
          onInput={(e) => onChange(e.currentTarget.value || (field.nullable ? null : ''))}
        />,
      );
    case 'time':
      return wrap(
        <input
          {...common}
          class={`${common.class} input--short`}
          type="time"
          value={value ?? ''}
          onInput={(e) => onChange(e.currentTarget.value || (field.nullable ? null : ''))}
        />,
      );
    case 'lines':
      return wrap(<LinesInput common={common} value={value} onChange={onChange} />);
    case 'group':
      return (
        <fieldset class="fieldset" id={id}>
          <legend class="legend">{field.label}</legend>
          <ErrorText problems={problems} path={path} />
          <Fields
            fields={field.fields}
            value={value ?? {}}
            onChange={update}
            problems={problems}
            path={path}
            lookups={lookups}
            readOnly={readOnly}
          />
        </fieldset>
      );
    case 'variant': {
      const kind = value?.kind ?? '';
      const variant = field.variants.find((v) => v.value === kind);
      return (
        <fieldset class={`fieldset${hasError ? ' form-group--error' : ''}`} id={id}>
          <legend class="legend">{field.label}</legend>
          <ErrorText problems={problems} path={path} />
          <div class="radios" role="radiogroup">
            {field.variants.map((v) => (
              <div class="radio" key={v.value}>
                <input
                  type="radio"
                  id={`${id}-${v.value}`}
                  name={id}
                  checked={kind === v.value}
                  disabled={readOnly}
                  onChange={() => onChange({ kind: v.value, ...v.empty })}
                />
                <label for={`${id}-${v.value}`}>{v.label}</label>
              </div>
            ))}
          </div>
          {variant ? (
            <Fields
              fields={variant.fields}
              value={value}
              onChange={update}
              problems={problems}
              path={path}
              lookups={lookups}
              readOnly={readOnly}
            />
          ) : null}
        </fieldset>
      );
    }
    case 'list':
      return (
        <ListEditor
          field={field}
          value={Array.isArray(value) ? value : []}
          onChange={update}
          path={path}
          problems={problems}
          lookups={lookups}
          readOnly={readOnly}
        />
      );
    case 'pick':
      return wrap(
        <Picker
          id={id}
          source={field.source}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? (field.omitWhenEmpty ? undefined : field.nullable ? null : ''))}
          lookups={lookups}
          hallId={typeof siblings?.hallId === 'string' ? siblings.hallId : null}
          describedBy={describedBy}
          invalid={hasError}
          disabled={readOnly}
          nullable={field.nullable || field.omitWhenEmpty}
        />,
      );
    case 'picks': {
      const ids: string[] = Array.isArray(value) ? value : [];
      return (
        <fieldset class={`form-group fieldset${hasError ? ' form-group--error' : ''}`} id={id}>
          <legend class="label">{field.label}</legend>
          <ErrorText problems={problems} path={path} />
          <ol class="list-items">
            {ids.map((chosen, i) => (
              <li key={`${chosen}-${i}`} class="picks-item">
                <ErrorText problems={problems} path={`${path}[${i}]`} />
                <Picker
                  id={`${id}-${i}`}
                  source={field.source}
                  value={chosen}
                  onChange={(v) => update((prev: unknown) => (Array.isArray(prev) ? prev : []).map((x, j) => (j === i ? (v ?? '') : x)))}
                  lookups={lookups}
                  disabled={readOnly}
                  ariaLabel={`${field.itemLabel} ${i + 1}`}
                />
                {readOnly ? null : (
                  <button
                    type="button"
                    class="button button--warning button--small"
                    onClick={() => update((prev: unknown) => (Array.isArray(prev) ? prev : []).filter((_, j) => j !== i))}
                    aria-label={`删除${field.itemLabel} ${i + 1}`}
                  >
                    删除
                  </button>
                )}
              </li>
            ))}
          </ol>
          {readOnly ? null : (
            <Picker
              id={`${id}-add`}
              source={field.source}
              value={null}
              onChange={(v) => v && update((prev: unknown) => [...(Array.isArray(prev) ? prev : []), v])}
              lookups={lookups}
              describedBy={describedBy}
              ariaLabel={`添加${field.itemLabel}`}
            />
          )}
        </fieldset>
      );
    }
    case 'floorPlans':
      return (
        <FloorPlanEditor
          label={field.label}
          value={value}
          onChange={update}
          path={path}
          problems={problems}
          windows={Array.isArray(siblings?.windows) ? siblings.windows : []}
          readOnly={readOnly}
        />
      );
    case 'media':
      return <MediaInput field={field} value={value} onChange={onChange} path={path} problems={problems} readOnly={readOnly} />;
  }
}

/** Yuan typed as text; the shared parser (shared/money.ts) turns it into fen or says what is wrong with it. */
function YuanInput({ common, value, onChange }: { common: Record<string, any>; value: any; onChange: (v: any) => void }) {
  const [text, setText] = useState(typeof value === 'number' ? yuan(value) : String(value ?? ''));
  const parsed = parseYuanToFen(text);
  return (
    <>
      {!parsed.ok && text.trim() ? (
        <p class="error-message" id={`${common.id}-amount`}>
          <span class="visually-hidden">错误：</span>
          {parsed.message}
        </p>
      ) : null}
      <span class="with-suffix">
        <input
          {...common}
          class={`${common.class} input--short`}
          aria-describedby={
            [common['aria-describedby'], !parsed.ok && text.trim() ? `${common.id}-amount` : ''].filter(Boolean).join(' ') || undefined
          }
          inputMode="decimal"
          value={text}
          onInput={(e) => {
            const t = e.currentTarget.value;
            setText(t);
            const result = parseYuanToFen(t);
            onChange(result.ok ? result.fen : t);
          }}
        />
        <span class="suffix">元</span>
      </span>
    </>
  );
}

function LinesInput({ common, value, onChange }: { common: Record<string, any>; value: any; onChange: (v: any) => void }) {
  const [text, setText] = useState(Array.isArray(value) ? value.join('\n') : '');
  return (
    <textarea
      {...common}
      rows={Math.max(3, text.split('\n').length + 1)}
      value={text}
      onInput={(e) => {
        setText(e.currentTarget.value);
        onChange(
          e.currentTarget.value
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

function ListEditor({
  field,
  value,
  onChange,
  path,
  problems,
  lookups,
  readOnly,
}: Omit<ControlProps, 'field'> & { field: Field & { kind: 'list' }; value: any[] }) {
  const id = fieldId(path);
  const list = (prev: unknown): any[] => (Array.isArray(prev) ? prev : []);
  const move = (from: number, to: number) => {
    onChange((prev) => {
      const next = [...list(prev)];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item);
      return next;
    });
    // Keep keyboard focus on the moved item's button so a series of moves is easy.
    requestAnimationFrame(() => document.getElementById(`${id}-${to}-${to < from ? 'up' : 'down'}`)?.focus());
  };
  return (
    <fieldset class={`fieldset list${problemsAt(problems, path).length ? ' form-group--error' : ''}`} id={id}>
      <legend class="legend">{field.label}</legend>
      {field.hint ? <p class="hint">{field.hint}</p> : null}
      <ErrorText problems={problems} path={path} />
      <ol class="list-items">
        {value.map((item: any, i: number) => (
          <li class="list-item" key={i}>
            <div class="list-item-header">
              <strong>
                {field.itemLabel} {i + 1}
              </strong>
              {readOnly ? null : (
                <span class="list-item-actions">
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    id={`${id}-${i}-up`}
                    disabled={i === 0}
                    onClick={() => move(i, i - 1)}
                    aria-label={`${field.itemLabel} ${i + 1} 上移`}
                  >
                    上移
                  </button>
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    id={`${id}-${i}-down`}
                    disabled={i === value.length - 1}
                    onClick={() => move(i, i + 1)}
                    aria-label={`${field.itemLabel} ${i + 1} 下移`}
                  >
                    下移
                  </button>
                  <button
                    type="button"
                    class="button button--warning button--small"
                    onClick={() => onChange((prev) => list(prev).filter((_: unknown, j: number) => j !== i))}
                    aria-label={`删除${field.itemLabel} ${i + 1}`}
                  >
                    删除
                  </button>
                </span>
              )}
            </div>
            <ErrorText problems={problems} path={`${path}[${i}]`} />
            <Fields
              fields={field.fields}
              value={item}
              onChange={(u) => onChange((prev) => list(prev).map((x: unknown, j: number) => (j === i ? u(x) : x)))}
              problems={problems}
              path={`${path}[${i}]`}
              lookups={lookups}
              readOnly={readOnly}
            />
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <button type="button" class="button button--secondary" onClick={() => onChange((prev) => [...list(prev), field.empty()])}>
          添加{field.itemLabel}
        </button>
      )}
    </fieldset>
  );
}

function MediaInput({
  field,
  value,
  onChange,
  path,
  problems,
  readOnly,
}: {
  field: Field & { kind: 'media' };
  value: any;
  onChange: (v: any) => void;
  path: string;
  problems: FieldProblem[];
  readOnly?: boolean;
}) {
  const id = fieldId(path);
  const [status, setStatus] = useState('');
  const upload = async (file: File) => {
    setStatus('正在上传并处理…');
    try {
      const { media } = await call(client.media.$post({ form: { purpose: field.purpose, file } }));
      onChange({ ...media, alt: value?.alt ?? '' });
      setStatus('已上传（已去除照片中的位置等隐私信息）');
    } catch (err) {
      setStatus(err instanceof ApiError ? (err.body.problems?.[0]?.message ?? err.message) : '上传失败，请重试');
    }
  };
  return (
    <div class="form-group media">
      <label class="label" for={id}>
        {field.label}
      </label>
      <ErrorText problems={problems} path={path} />
      {value?.sha256 ? (
        <div class="media-preview">
          {value.type?.startsWith('image/') ? (
            <img src={`/media/${value.sha256}`} alt={value.alt || field.label} />
          ) : (
            <a href={`/media/${value.sha256}`}>查看文件（{value.type}）</a>
          )}
          {readOnly ? null : (
            <button
              type="button"
              class="button button--secondary button--small"
              onClick={() => onChange(field.nullable ? null : undefined)}
            >
              移除
            </button>
          )}
        </div>
      ) : null}
      {readOnly ? null : (
        <input
          id={id}
          type="file"
          accept={field.purpose === 'portrait' ? 'image/jpeg,image/png,image/webp' : 'application/pdf,image/*'}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void upload(f);
          }}
        />
      )}
      <p class="hint" role="status">
        {status}
      </p>
    </div>
  );
}
