/** Helpers for feedback API tests: register a kiosk, build items, post batches. */
import { randomUUID } from 'node:crypto';
import type { Harness } from '../console/support/harness';

export async function registerKiosk(h: Harness, id: string, hallId = 'hall-county'): Promise<string> {
  const admin = await h.login('admin');
  const res = await admin.json('POST', '/api/console/kiosks', { id, hallId, name: id, staffPin: '246813' });
  if (res.status !== 201) throw new Error(`register ${id}: ${res.status}`);
  return res.body.config.heartbeatToken as string;
}

export const at = (h: Harness, offsetMs = 0) => new Date(h.clock.ms + offsetMs).toISOString();

export function rating(h: Harness, kioskId: string, extra: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    kind: 'rating',
    kioskId,
    at: at(h),
    level: 4,
    subject: { type: 'guide', id: 'guide-1', departmentId: 'dept-mz', title: '低保申请' },
    ...extra,
  };
}

export function badRating(h: Harness, kioskId: string, extra: Record<string, unknown> = {}) {
  return rating(h, kioskId, { level: 1, reasons: ['long-wait', 'repeat-visits'], text: '跑了三次', phone: '13812345678', ...extra });
}

export async function postBatch(h: Harness, token: string, body: unknown, raw?: string) {
  const res = await fetch(`${h.url}/api/kiosk/feedback`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

export const batch = (h: Harness, kioskId: string, items: unknown[]) => ({ kioskId, sentAt: at(h), items });
