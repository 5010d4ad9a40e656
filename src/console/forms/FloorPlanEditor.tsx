/**
 * Tap-to-place editor for a hall's floor plans: for each plan, staff choose a window and click (or tap)
 * where its counter is drawn; the place is stored as fractions (0–1) of the image's width and height,
 * which is what the kiosk's plan screen reads. Every place can also be typed as numbers (keyboard users,
 * fine corrections) and removed. The plans themselves (floor, image) are kept as they are.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FieldProblem } from '../api-error';
import { fieldId, type Update } from './Fields';
import {
  clickFraction,
  parsePosition,
  placeWindow,
  positionProblem,
  removeWindow,
  type EditablePlan as Plan,
  type PlanPlace as Place,
} from './floor-plan-places';

interface HallWindowOption {
  id: string;
  name?: string;
  floor?: string;
}

interface Props {
  label: string;
  value: unknown;
  onChange: (update: Update) => void;
  path: string;
  problems: FieldProblem[];
  windows: HallWindowOption[];
  readOnly?: boolean;
}

const plansOf = (v: unknown): Plan[] => (Array.isArray(v) ? (v as Plan[]) : []);

export function FloorPlanEditor({ label, value, onChange, path, problems, windows, readOnly }: Props) {
  const plans = plansOf(value);
  const id = fieldId(path);
  return (
    <fieldset class="fieldset floor-plans" id={id}>
      <legend class="legend">{label}</legend>
      {plans.length === 0 ? (
        <p class="hint">这个大厅还没有平面图。</p>
      ) : (
        <p class="hint">
          先选择窗口，再在平面图上点击该窗口的位置；已放置的窗口以标记显示。也可以在下方表格中直接输入位置（0 到
          1，分别为从左、从上量起占图片宽、高的比例）。
        </p>
      )}
      {plans.map((plan, i) => (
        <PlanEditor
          key={`${plan.floor}-${i}`}
          plan={plan}
          path={`${path}[${i}]`}
          problems={problems}
          windows={windows}
          readOnly={readOnly}
          onChange={(update) =>
            onChange((prev: unknown) => plansOf(prev).map((p, j) => (j === i ? { ...p, places: update(p.places ?? []) } : p)))
          }
          onPlace={(windowId, x, y) => onChange((prev: unknown) => placeWindow(plansOf(prev), i, windowId, x, y))}
          onRemove={(windowId) => onChange((prev: unknown) => removeWindow(plansOf(prev), i, windowId))}
        />
      ))}
    </fieldset>
  );
}

function PlanEditor(props: {
  plan: Plan;
  path: string;
  problems: FieldProblem[];
  windows: HallWindowOption[];
  readOnly?: boolean;
  onChange: (update: (places: Place[]) => Place[]) => void;
  onPlace: (windowId: string, x: number, y: number) => void;
  onRemove: (windowId: string) => void;
}) {
  const { plan, path, problems, windows, readOnly, onChange, onPlace, onRemove } = props;
  const id = fieldId(path);
  const places = plan.places ?? [];
  // Offer this floor's windows first, then the rest (a window's floor text may be missing or differ).
  const ordered = [...windows.filter((w) => w.floor === plan.floor), ...windows.filter((w) => w.floor !== plan.floor)];
  const [chosen, setChosen] = useState(() => ordered.find((w) => !places.some((p) => p.windowId === w.id))?.id ?? ordered[0]?.id ?? '');
  const [status, setStatus] = useState('');
  const nameOf = (windowId: string) => windows.find((w) => w.id === windowId)?.name ?? '';

  const place = (windowId: string, x: number, y: number) => {
    onPlace(windowId, x, y);
    setStatus(`已将窗口 ${windowId} 放在${plan.floor}平面图上（横向 ${x}，纵向 ${y}）`);
  };

  const onImageClick = (e: MouseEvent) => {
    if (readOnly || !chosen) return;
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    place(chosen, clickFraction(e.clientX - rect.left, rect.width), clickFraction(e.clientY - rect.top, rect.height));
  };

  const groupProblems = problems.filter((p) => p.field === path || p.field === `${path}.places`);
  return (
    <section class="floor-plan-editor" aria-labelledby={`${id}-title`} data-testid="floor-plan-editor" data-floor={plan.floor}>
      <h3 id={`${id}-title`}>{plan.floor} 平面图</h3>
      {groupProblems.map((p) => (
        <p class="error-message" key={p.message}>
          <span class="visually-hidden">错误：</span>
          {p.message}
        </p>
      ))}
      {readOnly ? null : (
        <div class="form-group">
          <label class="label" for={`${id}-window`}>
            要放置的窗口
          </label>
          <select id={`${id}-window`} class="input" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
            {ordered.map((w) => (
              <option key={w.id} value={w.id}>
                {w.id} {w.name ?? ''}
                {places.some((p) => p.windowId === w.id) ? '（已放置）' : ''}
              </option>
            ))}
          </select>
        </div>
      )}
      {/* The click target is the image itself; the typed positions below are the keyboard's way in. */}
      <div class="floor-plan-canvas" onClick={onImageClick} data-testid="floor-plan-canvas">
        <img src={`/media/${plan.image.sha256}`} alt={plan.image.alt || `${plan.floor}平面图`} draggable={false} />
        {places
          .filter((p) => typeof p.x === 'number' && typeof p.y === 'number')
          .map((p) => (
            <span
              key={p.windowId}
              class={`floor-plan-mark${p.windowId === chosen ? ' floor-plan-mark--chosen' : ''}`}
              style={{ left: `${(p.x as number) * 100}%`, top: `${(p.y as number) * 100}%` }}
              data-window={p.windowId}
              aria-hidden="true"
            >
              <span class="floor-plan-mark-tag">{p.windowId}</span>
            </span>
          ))}
      </div>
      <p class="hint" role="status">
        {status}
      </p>
      <table class="floor-plan-places">
        <caption class="visually-hidden">{plan.floor} 已放置的窗口</caption>
        <thead>
          <tr>
            <th scope="col">窗口</th>
            <th scope="col">横向位置（0–1）</th>
            <th scope="col">纵向位置（0–1）</th>
            <th scope="col">
              <span class="visually-hidden">操作</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {places.map((p, j) => (
            <tr key={p.windowId}>
              <th scope="row">
                {p.windowId} {nameOf(p.windowId)}
              </th>
              {(['x', 'y'] as const).map((axis) => (
                <td key={axis}>
                  <PositionInput
                    id={`${id}-places-${j}-${axis}`}
                    label={`${p.windowId} ${axis === 'x' ? '横向' : '纵向'}位置`}
                    axis={axis === 'x' ? '横向' : '纵向'}
                    value={p[axis]}
                    serverProblems={problems.filter((pr) => pr.field === `${path}.places[${j}].${axis}`).map((pr) => pr.message)}
                    readOnly={readOnly}
                    onChange={(v) => onChange((prev) => prev.map((q) => (q.windowId === p.windowId ? { ...q, [axis]: v } : q)))}
                  />
                </td>
              ))}
              <td>
                {readOnly ? null : (
                  <button
                    type="button"
                    class="button button--warning button--small"
                    onClick={() => {
                      onRemove(p.windowId);
                      setStatus(`已从${plan.floor}平面图上移除窗口 ${p.windowId}`);
                    }}
                  >
                    移除 {p.windowId}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {readOnly || !chosen || places.some((p) => p.windowId === chosen) ? null : (
        <button type="button" class="button button--secondary" onClick={() => place(chosen, 0.5, 0.5)}>
          将 {chosen} 放在平面图中央（再输入位置）
        </button>
      )}
    </section>
  );
}

function PositionInput(props: {
  id: string;
  label: string;
  axis: '横向' | '纵向';
  value: unknown;
  serverProblems: string[];
  readOnly?: boolean;
  onChange: (v: number | string) => void;
}) {
  const { id, value } = props;
  const [text, setText] = useState(value == null ? '' : String(value));
  // A click on the plan moves the window: show the new figure unless the text already means it.
  useEffect(() => {
    setText((t) => (parsePosition(t) === value ? t : value == null ? '' : String(value)));
  }, [value]);
  const local = positionProblem(parsePosition(text), props.axis);
  const messages = [...new Set([...(local ? [local] : []), ...props.serverProblems])];
  return (
    <div class={messages.length ? 'form-group--error' : undefined}>
      <label class="visually-hidden" for={id}>
        {props.label}
      </label>
      {messages.length ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">错误：</span>
          {messages.join('；')}
        </p>
      ) : null}
      <input
        id={id}
        class={`input input--short${messages.length ? ' input--error' : ''}`}
        type="number"
        min={0}
        max={1}
        step={0.01}
        value={text}
        disabled={props.readOnly}
        aria-invalid={messages.length ? true : undefined}
        aria-describedby={messages.length ? `${id}-error` : undefined}
        onInput={(e) => {
          const t = e.currentTarget.value;
          setText(t);
          props.onChange(parsePosition(t));
        }}
      />
    </div>
  );
}
