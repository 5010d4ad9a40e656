import { createHash } from 'node:crypto';
import * as OpenCC from 'opencc-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  formatProblems,
  isFeeInForce,
  isNoticeVisible,
  mediaReferencedBy,
  validateRecord,
  type ContentRecord,
  type DutyShift,
  type RecordOfType,
  type RecordType,
} from '../../../src/shared/content';
import { buildDemoDataset } from '../../../src/server/demo';
import { SATURDAY_WINDOWS } from '../../../src/server/demo/duty';

const NOW = new Date('2026-11-23T02:30:00Z'); // 10:30 in the halls' timezone, a Monday
const dataset = buildDemoDataset(NOW);
const nowMs = NOW.getTime();

function ofType<T extends RecordType>(type: T): RecordOfType[T][] {
  return dataset.records.filter((r): r is RecordOfType[T] => r.type === type);
}
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('buildDemoDataset', () => {
  it('cites legal bases whole: no title cut off with an ellipsis', () => {
    const cut = dataset.records.flatMap((r) => {
      const texts: string[] = [];
      if (r.type === 'fee') texts.push(...r.basis.map((b) => `${b.title}${b.number}`), ...r.reductions.map((x) => x.basis ?? ''));
      if (r.type === 'guide') texts.push(...r.legalBasis.map((b) => `${b.title}${b.article ?? ''}`));
      return texts.filter((t) => /…|\.\.\./.test(t)).map((t) => `${r.id}: ${t}`);
    });
    expect(cut).toEqual([]);
  });

  it('produces only records that pass validateRecord', () => {
    const refused = dataset.records
      .map((r) => ({ r, v: validateRecord(r) }))
      .filter(({ v }) => !v.ok)
      .map(({ r, v }) => `${r.type}/${r.id}: ${v.ok ? '' : formatProblems(v.problems)}`);
    expect(refused).toEqual([]);
  });

  it('meets the minimum counts of the issue, with the fixed demo ids', () => {
    expect(
      ofType('hall')
        .map((h) => h.id)
        .sort(),
    ).toEqual(['hall-county', 'point-dongshan', 'point-nanping', 'point-xihe']);
    expect(
      ofType('department')
        .map((d) => d.id)
        .sort(),
    ).toEqual([
      'dept-cz',
      'dept-gahz',
      'dept-mz',
      'dept-nync',
      'dept-rs',
      'dept-scjg',
      'dept-sw',
      'dept-wj',
      'dept-yb',
      'dept-zj',
      'dept-zrzy',
    ]);
    expect(ofType('guide').length).toBeGreaterThanOrEqual(60);
    expect(ofType('fee').length).toBeGreaterThanOrEqual(150);
    expect(ofType('official').length).toBeGreaterThanOrEqual(30);
    expect(ofType('dutyException').length).toBeGreaterThanOrEqual(5);
    expect(ofType('notice').length).toBeGreaterThanOrEqual(10);
  });

  it('stamps every record as version 1, updated at now with the +08:00 offset, in a valid scope', () => {
    const hallIds = new Set(ofType('hall').map((h) => h.id));
    for (const r of dataset.records) {
      expect(r.version).toBe(1);
      expect(r.updatedAt).toBe('2026-11-23T10:30:00+08:00');
      expect(r.scope === 'global' || hallIds.has(r.scope.slice('hall:'.length))).toBe(true);
    }
  });

  it('gives every record an id unique within its type', () => {
    const keys = dataset.records.map((r) => `${r.type}/${r.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('describes the county hall with three floors, about twenty windows and a half-day Saturday, closed on Sunday', () => {
    const county = ofType('hall').find((h) => h.id === 'hall-county')!;
    expect(new Set(county.windows.map((w) => w.floor)).size).toBe(3);
    expect(county.windows.length).toBeGreaterThanOrEqual(18);
    expect(county.windows.filter((w) => w.departmentId).every((w) => ofType('department').some((d) => d.id === w.departmentId))).toBe(true);
    const day = (n: number) => county.openingHours.find((d) => d.weekday === n)!.periods;
    expect(day(1)).toHaveLength(2);
    expect(day(6)).toHaveLength(1);
    expect(day(7)).toEqual([]);
    for (const point of ofType('hall').filter((h) => h.kind === 'village-point')) {
      expect(point.windows.length).toBeGreaterThanOrEqual(1);
      expect(point.windows.length).toBeLessThanOrEqual(3);
      expect(point.timezone).toBe('Asia/Shanghai');
    }
  });

  it('fills every guide field: plain name, materials, steps, limits, place, phones, FAQ and tags', () => {
    const halls = new Map(ofType('hall').map((h) => [h.id, h]));
    for (const g of ofType('guide')) {
      expect(g.plainName, g.id).not.toBe('');
      expect(g.summary, g.id).not.toBe('');
      expect(g.itemCode, g.id).toMatch(/^\d{12}$/);
      expect(g.materials.length, g.id).toBeGreaterThanOrEqual(1);
      expect(g.steps.length, g.id).toBeGreaterThanOrEqual(3);
      expect(g.faq.length, g.id).toBeGreaterThanOrEqual(2);
      expect(g.faq.length, g.id).toBeLessThanOrEqual(4);
      expect(g.topics.length, g.id).toBeGreaterThanOrEqual(1);
      expect(g.result, g.id).not.toBe('');
      const hall = halls.get(g.place.hallId!);
      expect(hall, g.id).toBeDefined();
      for (const w of g.place.windows)
        expect(
          hall!.windows.map((x) => x.id),
          `${g.id} window ${w}`,
        ).toContain(w);
    }
    const guides = ofType('guide');
    expect(guides.some((g) => g.materials.some((m) => m.requirement === 'conditional'))).toBe(true);
    expect(guides.some((g) => g.materials.some((m) => m.blankForm && m.sample))).toBe(true);
    expect(guides.some((g) => g.caseType === 'immediate')).toBe(true);
    expect(guides.some((g) => g.caseType === 'promised')).toBe(true);
    expect(guides.filter((g) => g.fees.kind === 'none').length).toBeGreaterThan(guides.length / 2);
    expect(new Set(guides.map((g) => g.visitsNeeded))).toEqual(new Set([0, 1, 2]));
    expect(guides.some((g) => g.online.available) && guides.some((g) => !g.online.available)).toBe(true);
    expect(guides.some((g) => g.scope.startsWith('hall:point-'))).toBe(true);
  });

  it('covers the services residents ask for, by their everyday names', () => {
    const plainNames = ofType('guide').map((g) => g.plainName);
    for (const name of [
      '低保',
      '特困供养',
      '临时救助',
      '高龄津贴',
      '残疾人两项补贴',
      '医保参保',
      '社保卡',
      '失业登记',
      '城乡居民养老保险',
      '户口迁移',
      '税务登记',
      '领发票',
    ]) {
      expect(plainNames, name).toContain(name);
    }
    const names = ofType('guide')
      .map((g) => g.name)
      .join('|');
    for (const part of ['宅基地', '不动产', '营业', '食品经营许可', '施工许可', '农机', '耕地地力保护', '生育登记', '居民身份证'])
      expect(names).toContain(part);
    expect(ofType('guide').filter((g) => g.name.includes('不动产') || g.name.includes('房屋所有权')).length).toBeGreaterThanOrEqual(4);
  });

  it('links every charging guide to fee items that exist', () => {
    const feeIds = new Set(ofType('fee').map((f) => f.id));
    const charging = ofType('guide').filter((g) => g.fees.kind === 'items');
    expect(charging.length).toBeGreaterThanOrEqual(5);
    for (const g of charging) {
      if (g.fees.kind !== 'items') continue;
      for (const id of g.fees.feeItemIds) expect(feeIds.has(id), `${g.id} -> ${id}`).toBe(true);
    }
  });

  it('dates the fee schedule around now: most in force, some expired, some not yet in force', () => {
    const fees = ofType('fee');
    const inForce = fees.filter((f) => isFeeInForce(f, nowMs));
    const expired = fees.filter((f) => f.effectiveTo != null && Date.parse(f.effectiveTo) <= nowMs);
    const future = fees.filter((f) => Date.parse(f.effectiveFrom) > nowMs);
    expect(inForce.length).toBeGreaterThan(fees.length * 0.8);
    expect(expired.length).toBeGreaterThanOrEqual(3);
    expect(future.length).toBeGreaterThanOrEqual(2);
    // A schedule taking effect next year supersedes one that stops the moment it starts.
    for (const next of future) {
      expect(next.effectiveFrom).toBe('2027-01-01T00:00:00+08:00');
    }
    expect(fees.some((f) => f.effectiveTo === '2027-01-01T00:00:00+08:00')).toBe(true);
    expect(new Set(fees.map((f) => f.amount.kind))).toEqual(new Set(['fixed', 'range', 'per-unit']));
    expect(fees.some((f) => f.reductions.some((r) => r.description.includes('小微企业')))).toBe(true);
    expect(new Set(fees.map((f) => f.departmentId)).size).toBeGreaterThanOrEqual(10);
  });

  it('staffs officials in existing departments with a portrait each, and valid duty references', () => {
    const departments = new Set(ofType('department').map((d) => d.id));
    const officials = new Set(ofType('official').map((o) => o.id));
    const halls = new Map(ofType('hall').map((h) => [h.id, h]));
    for (const o of ofType('official')) {
      expect(departments.has(o.departmentId), o.id).toBe(true);
      expect(o.photo?.alt, o.id).toContain(o.name);
      expect(o.duties.length, o.id).toBeGreaterThanOrEqual(1);
    }
    for (const s of [...ofType('dutyShift'), ...ofType('dutyException')]) {
      const hall = halls.get(s.hallId);
      expect(hall, s.id).toBeDefined();
      expect(
        hall!.windows.map((w) => w.id),
        s.id,
      ).toContain(s.windowId);
      expect(officials.has(s.officialId), s.id).toBe(true);
      expect(s.scope).toBe(`hall:${s.hallId}`);
      if (s.type === 'dutyException' && s.substituteOfficialId) expect(officials.has(s.substituteOfficialId), s.id).toBe(true);
    }
  });

  it('rosters every window of every hall for a week, with morning and afternoon shifts and an overnight duty line', () => {
    const shifts = ofType('dutyShift');
    for (const hall of ofType('hall')) {
      for (const w of hall.windows) {
        const mine = shifts.filter((s) => s.hallId === hall.id && s.windowId === w.id);
        const weekdays = new Set(mine.map((s) => s.weekday));
        const openDays = hall.openingHours.filter((d) => d.periods.length > 0).map((d) => d.weekday);
        const expected =
          w.id === 'Z01'
            ? [1, 2, 3, 4, 5, 6, 7]
            : openDays.filter((d) => d !== 6 || hall.kind !== 'service-hall' || SATURDAY_WINDOWS.has(w.id));
        expect(weekdays, `${hall.id} ${w.id}`).toEqual(new Set(expected));
        const monday = mine.filter((s) => s.weekday === 1).sort((a, b) => a.start.localeCompare(b.start));
        expect(monday.length, `${hall.id} ${w.id}`).toBe(2);
        expect(monday[0]!.end <= monday[1]!.start || w.id === 'Z01').toBe(true);
      }
    }
    const overnight = shifts.filter((s: DutyShift) => s.end <= s.start);
    expect(overnight.length).toBe(7);
    // Around the clock: the duty line's day and night shifts meet at both ends.
    for (const night of overnight) {
      const day = shifts.find((s) => s.windowId === night.windowId && s.weekday === night.weekday && s.end === night.start);
      expect(day, `day shift before night ${night.id}`).toBeDefined();
      expect(day!.officialId).not.toBe(night.officialId);
    }
  });

  it('places duty exceptions of every kind on hall-local dates in the week around now', () => {
    const exceptions = ofType('dutyException');
    expect(new Set(exceptions.map((e) => e.kind))).toEqual(new Set(['leave', 'substitution', 'extra']));
    for (const e of exceptions) {
      const days = (Date.parse(`${e.date}T00:00:00+08:00`) - Date.parse('2026-11-23T00:00:00+08:00')) / 86400_000;
      expect(Math.abs(days), e.id).toBeLessThanOrEqual(7);
    }
  });

  it('schedules notices: most visible now, some expired, one in the future, in plain text and Markdown', () => {
    const notices = ofType('notice');
    const visible = notices.filter((n) => isNoticeVisible(n, nowMs));
    expect(visible.length).toBeGreaterThan(notices.length / 2);
    expect(notices.filter((n) => n.expiresAt && Date.parse(n.expiresAt) <= nowMs).length).toBeGreaterThanOrEqual(1);
    expect(notices.filter((n) => Date.parse(n.publishAt) > nowMs).length).toBe(1);
    expect(new Set(notices.map((n) => n.format))).toEqual(new Set(['plain', 'markdown']));
    expect(new Set(notices.map((n) => n.priority))).toEqual(new Set(['normal', 'important', 'urgent']));
  });

  it('uses only fictional phone numbers in the 555 exchange', () => {
    const phones: string[] = [];
    for (const r of dataset.records) {
      if (r.type === 'hall' || r.type === 'department') phones.push(...r.phones.map((p) => p.number));
      if (r.type === 'official') phones.push(r.phone);
      if (r.type === 'guide') phones.push(r.consultPhone, r.complaintPhone);
    }
    for (const p of phones) expect(p).toMatch(/^0999-555\d{4}$/);
    const officialPhones = ofType('official').map((o) => o.phone);
    expect(new Set(officialPhones).size).toBe(officialPhones.length);
  });

  it('writes content in Simplified Chinese', () => {
    const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const texts = ofType('guide')
      .flatMap((g) => [g.name, g.plainName, g.summary])
      .concat(ofType('notice').map((n) => n.title));
    const changed = texts.filter((t) => toSimplified(t) !== t);
    expect(changed).toEqual([]);
  });

  it('ships every referenced media file, with matching hash and size', () => {
    const byHash = new Map(dataset.media.map((m) => [sha256(m.bytes), m]));
    expect(byHash.size).toBe(dataset.media.length);
    const referenced = new Set<string>();
    for (const r of dataset.records as ContentRecord[]) {
      for (const hash of mediaReferencedBy(r)) referenced.add(hash);
    }
    for (const r of dataset.records) {
      const refs =
        r.type === 'official'
          ? [r.photo!]
          : r.type === 'guide'
            ? r.materials.flatMap((m) => [m.blankForm, m.sample].filter((x) => !!x))
            : [];
      for (const ref of refs) {
        const media = byHash.get(ref!.sha256);
        expect(media, `${r.id} ${ref!.sha256}`).toBeDefined();
        expect(media!.bytes.byteLength).toBe(ref!.size);
        expect(media!.type).toBe(ref!.type);
      }
    }
    expect([...byHash.keys()].every((h) => referenced.has(h))).toBe(true);
  });

  it('generates portraits and forms as compact, well-formed SVG that renders', async () => {
    const decoder = new TextDecoder();
    const portraits = new Set(ofType('official').map((o) => o.photo!.sha256));
    for (const m of dataset.media) {
      const svg = decoder.decode(m.bytes);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+" role="img"/);
      expect(svg).toMatch(/<title id="t">[^<]+<\/title>/);
      expect(svg.endsWith('</svg>')).toBe(true);
      if (portraits.has(sha256(m.bytes))) expect(m.bytes.byteLength).toBeLessThan(1500);
      const meta = await sharp(Buffer.from(m.bytes)).metadata();
      expect(meta.format).toBe('svg');
      expect(meta.width).toBeGreaterThan(100);
    }
    // Portraits differ from one official to the next.
    expect(portraits.size).toBeGreaterThan(ofType('official').length * 0.8);
  });

  it('is deterministic for the same now, and follows now when it changes', () => {
    const again = buildDemoDataset(new Date(NOW.getTime()));
    expect(JSON.stringify(again.records)).toBe(JSON.stringify(dataset.records));
    expect(again.media.map((m) => sha256(m.bytes))).toEqual(dataset.media.map((m) => sha256(m.bytes)));
    const later = buildDemoDataset(new Date('2027-03-02T01:00:00Z'));
    expect(later.records[0]!.updatedAt).toBe('2027-03-02T09:00:00+08:00');
    const laterExceptionDates = later.records.filter((r) => r.type === 'dutyException').map((r) => (r as { date: string }).date);
    expect(laterExceptionDates.every((d) => d >= '2027-02-23' && d <= '2027-03-09')).toBe(true);
    expect(later.records.filter((r) => r.type === 'fee').every((r) => validateRecord(r).ok)).toBe(true);
  });
});
