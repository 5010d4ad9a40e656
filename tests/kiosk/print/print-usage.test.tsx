// @vitest-environment happy-dom
/** Prints count in the usage figures like QR codes: once per print, naming what was printed, in a shape the server accepts. */
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachSink, configureFeedback } from '../../../src/kiosk/feedback/track';
import { FeedbackItem, type FeedbackItemInput } from '../../../src/shared/feedback';
import { renderKiosk, type Rendered } from '../ui/support/render-kiosk';

let app: Rendered | undefined;
let stored: FeedbackItemInput[] = [];
beforeEach(async () => {
  stored = [];
  configureFeedback({ kioskId: 'kiosk-test', now: () => Date.now() });
  await attachSink({ add: async (item) => void stored.push(item) });
});
afterEach(() => {
  app?.unmount();
  app = undefined;
});
const prints = () => stored.filter((i) => i.kind === 'usage' && i.event === 'print');
const $ = (sel: string) => app!.container.querySelector(sel) as HTMLElement | null;

describe('print usage', () => {
  it("counts a printed checklist once, with the guide's id, in an item the server's feedback schema accepts", async () => {
    window.print = () => undefined;
    app = await renderKiosk({ path: '/guides/guide-dibao', config: { printer: 'a4' } });
    await app.until(() => !!$('[data-testid=print-checklist]'), 'print button');
    expect(prints()).toEqual([]);
    await app.click($('[data-testid=print-checklist]'));
    await app.until(() => prints().length === 1, 'print counted');
    expect(prints()[0]).toMatchObject({ kind: 'usage', event: 'print', target: 'guide-dibao', kioskId: 'kiosk-test' });
    const parsed = v.safeParse(FeedbackItem, prints()[0]);
    expect(parsed.issues?.map((i) => i.message) ?? []).toEqual([]);
  });

  it('counts nothing on a kiosk without a printer (no print button)', async () => {
    app = await renderKiosk({ path: '/guides/guide-dibao', config: { printer: 'none' } });
    await app.until(() => !!$('[data-testid=rate-button]'), 'guide');
    expect($('[data-testid=print-checklist]')).toBeNull();
    expect(prints()).toEqual([]);
  });
});
