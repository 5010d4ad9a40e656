/** GET /m/guides/:id: the phone page a resident opens from the kiosk's QR code. */
import { Hono } from 'hono';
import type { Department, FeeItem, Hall, ServiceGuide } from '../../shared/content';
import type { ContentStore } from '../store/content-store';
import { CHECKLIST_SCRIPT_HASH, renderGuidePage, renderNotFoundPage } from './guide-page';

/** Inline styles; the one script allowed is the checklist's, by its hash. */
export const MOBILE_CSP = `default-src 'none'; script-src '${CHECKLIST_SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export function createMobileRoutes(deps: { store: ContentStore; now: () => Date }): Hono {
  const app = new Hono();
  app.get('/guides/:id', async (c) => {
    const { store } = deps;
    const headers = { 'Content-Security-Policy': MOBILE_CSP, 'Cache-Control': 'no-cache' };
    const guide = await store.getRecord<ServiceGuide>('guide', c.req.param('id'));
    if (!guide) return c.html(renderNotFoundPage(c.req.param('id')), 404, headers);
    const feeIds = guide.fees.kind === 'items' ? guide.fees.feeItemIds : [];
    const fees = (await Promise.all(feeIds.map((id) => store.getRecord<FeeItem>('fee', id)))).filter((f): f is FeeItem => f !== null);
    const [department, hall] = await Promise.all([
      store.getRecord<Department>('department', guide.departmentId),
      guide.place.hallId ? store.getRecord<Hall>('hall', guide.place.hallId) : Promise.resolve(null),
    ]);
    return c.html(renderGuidePage({ guide, fees, department, hall, now: deps.now() }), 200, headers);
  });
  return app;
}
