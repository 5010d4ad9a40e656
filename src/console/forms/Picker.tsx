/**
 * The one searchable select of the console (an ARIA combobox with a listbox):
 * staff pick an official, window, department, hall, guide or fee item by
 * name, code or pinyin instead of typing its id. Officials, guides and fees
 * are searched on the server (the record list's search); departments and
 * halls come from the session's lookups; windows from the chosen hall.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Hall } from '../../shared/content';
import { call, client, params } from '../client';
import type { Option } from './specs';

export type PickSource = 'official' | 'guide' | 'fee' | 'department' | 'hall' | 'window';

export interface PickerProps {
  id: string;
  source: PickSource;
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  lookups: { departments: Option[]; halls: Option[] };
  /** For windows: the hall whose windows are offered. */
  hallId?: string | null;
  describedBy?: string | undefined;
  invalid?: boolean;
  disabled?: boolean;
  nullable?: boolean;
  /** When no <label for> names the field (a list of picks). */
  ariaLabel?: string;
}

const SERVER_SOURCES: PickSource[] = ['official', 'guide', 'fee'];

function optionOf(source: PickSource, r: Record<string, any>, departmentName: (id: string) => string): Option & { hint: string } {
  if (source === 'official') return { value: r.id, label: r.name, hint: `${departmentName(r.departmentId)}，${r.title}，${r.id}` };
  if (source === 'guide') return { value: r.id, label: r.name, hint: `${r.itemCode ?? ''} ${r.id}` };
  return { value: r.id, label: r.name, hint: `${r.code ? `${r.code} ` : ''}${r.id}` };
}

const matches = (o: Option, q: string) => !q || `${o.label} ${o.value}`.toLowerCase().includes(q.toLowerCase());

export function Picker({ id, source, value, onChange, lookups, hallId, describedBy, invalid, disabled, nullable, ariaLabel }: PickerProps) {
  const [query, setQuery] = useState<string | null>(null);
  const [options, setOptions] = useState<(Option & { hint?: string })[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [label, setLabel] = useState('');
  const listId = `${id}-options`;
  const departmentName = (d: string) => lookups.departments.find((x) => x.value === d)?.label ?? d;
  const seq = useRef(0);

  // The chosen value's name (what the field shows when not being typed in).
  useEffect(() => {
    if (!value) return setLabel('');
    if (source === 'department' || source === 'hall') {
      const found = (source === 'department' ? lookups.departments : lookups.halls).find((o) => o.value === value);
      return setLabel(found ? found.label : `${value}（不存在）`);
    }
    if (source === 'window') return setLabel(value);
    let current = true;
    call(client.records[':type'][':id'].$get({ param: params({ type: source, id: value }) }))
      .then((r) => current && setLabel(optionOf(source, r.record, departmentName).label))
      .catch(() => current && setLabel(`${value}（不存在）`));
    return () => {
      current = false;
    };
  }, [source, value]);

  // Options for what is typed.
  useEffect(() => {
    if (!open) return;
    const q = query ?? '';
    const mine = ++seq.current;
    const show = (list: (Option & { hint?: string })[]) => {
      if (mine !== seq.current) return;
      setOptions(list);
      setActive(0);
    };
    if (source === 'department') return show(lookups.departments.filter((o) => matches(o, q)));
    if (source === 'hall') return show(lookups.halls.filter((o) => matches(o, q)));
    if (source === 'window') {
      if (!hallId) return show([]);
      void call(client.records[':type'][':id'].$get({ param: params({ type: 'hall', id: hallId }) }))
        .then((r) =>
          show(
            (r.record as unknown as Hall).windows
              .map((w) => ({ value: w.id, label: w.id, hint: `${w.name}，${w.floor}` }))
              .filter((o) => matches({ value: o.value, label: `${o.label} ${o.hint}` }, q)),
          ),
        )
        .catch(() => show([]));
      return;
    }
    const t = setTimeout(() => {
      void call(client.records[':type'].$get({ param: params({ type: source }), query: { pageSize: '20', ...(q ? { q } : {}) } }))
        .then((r) => show(r.records.filter((row) => row.published).map((row) => optionOf(source, row.record, departmentName))))
        .catch(() => show([]));
    }, 200);
    return () => clearTimeout(t);
  }, [open, query, source, hallId]);

  const pick = (o: Option | undefined) => {
    if (!o) return;
    onChange(o.value);
    setLabel(o.label);
    setQuery(null);
    setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((a) => Math.min(options.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
      setQuery(null);
    }
  };

  return (
    <div class="picker">
      <input
        id={id}
        class={invalid ? 'input input--error' : 'input'}
        type="text"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy}
        aria-label={ariaLabel}
        aria-invalid={invalid || undefined}
        disabled={disabled}
        placeholder={SERVER_SOURCES.includes(source) ? '输入名称、编码或拼音查找' : '输入查找或从列表选择'}
        value={query ?? label}
        onFocus={() => setOpen(true)}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() =>
          setTimeout(() => {
            setOpen(false);
            setQuery(null);
          }, 150)
        }
      />
      {nullable && value && !disabled ? (
        <button type="button" class="button button--secondary button--small" onClick={() => onChange(null)} aria-label={`清除 ${label}`}>
          清除
        </button>
      ) : null}
      <ul id={listId} role="listbox" class="picker-options" hidden={!open} aria-label="可选项">
        {open && options.length === 0 ? (
          <li class="hint" role="option" aria-selected={false} aria-disabled="true">
            没有找到
          </li>
        ) : null}
        {open
          ? options.map((o, i) => (
              <li
                key={o.value}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={o.value === value}
                class={i === active ? 'picker-option picker-option--active' : 'picker-option'}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(o);
                }}
              >
                <span>{o.label}</span>
                {o.hint ? <span class="hint"> {o.hint}</span> : null}
              </li>
            ))
          : null}
      </ul>
    </div>
  );
}
