import * as v from 'valibot';
import { Id, Instant, NonEmptyText, RecordEnvelope } from './common';

export const NoticeSchema = v.pipe(
  v.object({
    ...RecordEnvelope,
    type: v.literal('notice'),
    title: NonEmptyText(120),
    /** 'markdown' is rendered with a safe subset only: no HTML, no images, no links off the kiosk. */
    format: v.picklist(['plain', 'markdown'], "格式必须是 'plain' 或 'markdown'"),
    body: NonEmptyText(20000),
    priority: v.picklist(['normal', 'important', 'urgent'], "优先级必须是 'normal'、'important' 或 'urgent'"),
    departmentId: v.optional(v.nullable(Id), null),
    publishAt: Instant,
    expiresAt: v.optional(v.nullable(Instant), null),
  }),
  v.check((n) => n.expiresAt == null || Date.parse(n.expiresAt) > Date.parse(n.publishAt), '过期时间必须晚于发布时间'),
);
export type Notice = v.InferOutput<typeof NoticeSchema>;

export function isNoticeVisible(n: Pick<Notice, 'publishAt' | 'expiresAt'>, nowMs: number): boolean {
  return Date.parse(n.publishAt) <= nowMs && (n.expiresAt == null || nowMs < Date.parse(n.expiresAt));
}
