import { isNoticeVisible, type Notice } from '../../../shared/content';

const PRIORITY_RANK = { urgent: 0, important: 1, normal: 2 } as const;

/** Visible notices, urgent first, then newest first. */
export function sortNotices(notices: Notice[], nowMs: number): Notice[] {
  return notices
    .filter((n) => isNoticeVisible(n, nowMs))
    .sort(
      (a, b) =>
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        Date.parse(b.publishAt) - Date.parse(a.publishAt) ||
        a.id.localeCompare(b.id),
    );
}
