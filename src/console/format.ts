/** Times are shown in the county's zone with the zone named, so nobody guesses. */
export const TIME_ZONE = 'Asia/Shanghai';

const formatter = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${formatter.format(new Date(ms))}（北京时间）`;
}

/** "2027-01-01T00:00" (a datetime-local value in Beijing time) → ISO with +08:00. */
export function localToInstant(local: string): string {
  return local ? `${local.length === 16 ? `${local}:00` : local}+08:00` : '';
}

/** An instant → the datetime-local value in Beijing time. */
export function instantToLocal(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
}

export function yuan(fen: unknown): string {
  if (typeof fen !== 'number' || !Number.isInteger(fen)) return String(fen ?? '');
  return `${Math.trunc(fen / 100)}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;
}

export const TYPE_NAMES: Record<string, string> = {
  guide: '办事指南',
  fee: '收费标准',
  official: '工作人员',
  dutyShift: '值班排班',
  dutyException: '值班例外',
  notice: '公告',
  lexicon: '搜索俗语词条',
  hall: '大厅',
  department: '部门',
};

export const STATE_NAMES: Record<string, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已批准（待发布）',
  published: '已发布',
  rejected: '已退回',
  discarded: '已放弃',
};

export const ROLE_NAMES: Record<string, string> = { editor: '编辑', reviewer: '审核人', admin: '管理员' };

/** A record's human title, whatever its type. */
export function recordTitle(r: Record<string, any>): string {
  return (
    r.name ??
    r.title ??
    (r.type === 'lexicon' && r.term ? `${r.term} → ${(r.means ?? []).join('、')}` : undefined) ??
    (r.type === 'dutyShift'
      ? `${r.windowId} 周${'一二三四五六日'[(r.weekday ?? 1) - 1]} ${r.start}–${r.end}`
      : r.type === 'dutyException'
        ? `${r.date} ${r.windowId}`
        : r.id)
  );
}
