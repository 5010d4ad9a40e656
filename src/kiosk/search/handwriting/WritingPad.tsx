/**
 * A writing pad for one character: the resident writes with a finger (pointer
 * events: touch, pen or mouse), candidates appear as large buttons after every
 * stroke, a tap on one enters it and clears the pad. Undo takes back the last
 * stroke; Rewrite clears. The recognizer and its model load when the pad first
 * appears (load-recognizer.ts), never with the home screen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Stroke } from './model-format';
import type { Candidate, HandwritingRecognizer } from './recognizer';
import type { HandwritingTranslate } from './strings';
import { kioskLog } from '../../log/kiosk-log';

/** The issue asks for at least eight; ten fill two rows of five. */
export const CANDIDATE_COUNT = 10;
/** Points closer than this (CSS px) to the previous one add nothing but work. */
const MIN_POINT_GAP = 2;

export interface WritingPadProps {
  t: HandwritingTranslate;
  onPick(char: string): void;
}

type Loaded = { state: 'loading' } | { state: 'ready'; recognizer: HandwritingRecognizer } | { state: 'failed' };

export function WritingPad(props: WritingPadProps) {
  const { t } = props;
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ pointerId: number; stroke: Stroke } | null>(null);

  useEffect(() => {
    let alive = true;
    import('./load-recognizer')
      .then((m) => m.loadRecognizer())
      .then(
        (recognizer) => alive && setLoaded({ state: 'ready', recognizer }),
        (err: unknown) => {
          kioskLog.warn('handwriting model not loaded', err);
          if (alive) setLoaded({ state: 'failed' });
        },
      );
    return () => {
      alive = false;
    };
  }, []);

  const candidates: Candidate[] =
    loaded.state === 'ready' && strokes.length > 0 ? loaded.recognizer.recognize(strokes, CANDIDATE_COUNT) : [];

  // Keep the canvas's pixels matched to its CSS size (and the screen's density), then repaint.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const paint = () => paintStrokes(canvas, strokes, drawing.current?.stroke);
    paint();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(paint);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [strokes]);

  // The finger's touches on the pad are the page's own. touch-action: none stops scrolling, but Chromium still
  // reads a quick stroke that lifts while moving as a fling, and the next tap anywhere (撤销一笔 right after
  // writing) then only "stops the fling" and never clicks. Cancelling the pad's touch events keeps its strokes
  // out of the gesture recognizer; the pointer events that draw come first and are unaffected. The listeners
  // are added by hand because they must not be passive.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const claim = (e: TouchEvent) => {
      if (e.cancelable) e.preventDefault();
    };
    canvas.addEventListener('touchstart', claim, { passive: false });
    canvas.addEventListener('touchmove', claim, { passive: false });
    return () => {
      canvas.removeEventListener('touchstart', claim);
      canvas.removeEventListener('touchmove', claim);
    };
  }, []);

  const pointIn = (e: PointerEvent): [number, number] => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  };

  const onPointerDown = (e: PointerEvent) => {
    if (drawing.current || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    canvasRef.current?.setPointerCapture?.(e.pointerId);
    drawing.current = { pointerId: e.pointerId, stroke: pointIn(e) };
    paintStrokes(canvasRef.current, strokes, drawing.current.stroke);
  };

  const onPointerMove = (e: PointerEvent) => {
    const current = drawing.current;
    if (!current || current.pointerId !== e.pointerId) return;
    e.preventDefault();
    // A fast finger delivers several positions per frame: take them all for a faithful stroke.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) {
      const [x, y] = pointIn(ev);
      const s = current.stroke;
      if (Math.hypot(x - s[s.length - 2]!, y - s[s.length - 1]!) >= MIN_POINT_GAP) s.push(x, y);
    }
    paintStrokes(canvasRef.current, strokes, current.stroke);
  };

  const onPointerEnd = (e: PointerEvent) => {
    const current = drawing.current;
    if (!current || current.pointerId !== e.pointerId) return;
    drawing.current = null;
    const s = current.stroke;
    // A tap is a dot: give it a direction-less length so it still counts as ink.
    if (s.length === 2) s.push(s[0]! + 1, s[1]! + 1);
    setStrokes((all) => [...all, s]);
  };

  const pick = (char: string) => {
    props.onPick(char);
    setStrokes([]);
  };
  // Buttons must not take focus away from the search input (a physical keyboard keeps working).
  const keepFocus = (e: Event) => e.preventDefault();

  return (
    <div class="hw" data-testid="writing-pad">
      <div class="hw-pad-wrap">
        <canvas
          ref={canvasRef}
          class="hw-pad"
          role="img"
          aria-label={t('pad')}
          data-testid="writing-pad-canvas"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerEnd}
          onPointerCancel={onPointerEnd}
        />
        {strokes.length === 0 && (
          <p class="hw-pad-hint" aria-hidden="true">
            {t('padHint')}
          </p>
        )}
      </div>
      <div class="hw-side">
        <p class="hw-status" role="status" aria-live="polite" data-testid="writing-pad-status">
          {loaded.state === 'loading'
            ? t('loading')
            : loaded.state === 'failed'
              ? t('loadFailed')
              : strokes.length
                ? t('strokes', { n: strokes.length })
                : ''}
        </p>
        <div class="hw-candidates" role="group" aria-label={t('candidates')} data-testid="writing-pad-candidates">
          {candidates.map((c) => (
            <button
              type="button"
              key={c.char}
              class="hw-candidate"
              lang="zh-Hans"
              data-char={c.char}
              aria-label={t('pick', { c: c.char })}
              onMouseDown={keepFocus}
              onClick={() => pick(c.char)}
            >
              {c.char}
            </button>
          ))}
        </div>
        <div class="hw-actions">
          <button
            type="button"
            class="button hw-action"
            data-action="undo"
            disabled={strokes.length === 0}
            onMouseDown={keepFocus}
            onClick={() => setStrokes((all) => all.slice(0, -1))}
          >
            {t('undo')}
          </button>
          <button
            type="button"
            class="button hw-action"
            data-action="clear"
            aria-label={t('clearLabel')}
            disabled={strokes.length === 0}
            onMouseDown={keepFocus}
            onClick={() => setStrokes([])}
          >
            {t('clear')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Draws the guide lines (田字格) and the ink; `live` is the stroke still under the finger. */
function paintStrokes(canvas: HTMLCanvasElement | null, strokes: readonly Stroke[], live?: Stroke): void {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth,
    height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.save();
  ctx.strokeStyle = '#b1b4b6';
  ctx.lineWidth = 2;
  ctx.setLineDash([10, 10]);
  ctx.beginPath();
  ctx.moveTo(width / 2, 0);
  ctx.lineTo(width / 2, height);
  ctx.moveTo(0, height / 2);
  ctx.lineTo(width, height / 2);
  ctx.stroke();
  ctx.restore();
  ctx.strokeStyle = '#0b0c0c';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = Math.max(6, width / 45);
  for (const s of live ? [...strokes, live] : strokes) {
    ctx.beginPath();
    ctx.moveTo(s[0]!, s[1]!);
    if (s.length === 2) ctx.lineTo(s[0]! + 0.1, s[1]!);
    for (let i = 2; i < s.length; i += 2) ctx.lineTo(s[i]!, s[i + 1]!);
    ctx.stroke();
  }
}
