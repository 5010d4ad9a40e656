import { describe, expect, it } from 'vitest';
import { diffRecords, fieldLabel, valueText } from '../../../src/shared/record-diff';

const material = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  requirement: 'required',
  condition: '',
  form: 'paper',
  originalOrCopy: 'original-and-copy',
  originals: 1,
  copies: 1,
  source: 'applicant',
  sourceDetail: '',
  notes: '',
  ...extra,
});

const guide = (materials: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'guide',
  id: 'g1',
  version: 3,
  updatedAt: '2026-11-01T00:00:00Z',
  name: '最低生活保障申请',
  materials,
  steps: [{ title: '受理', actor: '窗口', result: '受理通知', standard: '', timeLimit: '' }],
  ...extra,
});

const names = Array.from({ length: 20 }, (_, i) => `材料${i + 1}`);

describe('record diff', () => {
  it('reports a material inserted at the top of a long list as one change, in words', () => {
    const before = guide(names.map((n) => material(n)));
    const after = guide([material('户口簿', { originalOrCopy: 'copy', originals: 0 }), ...names.map((n) => material(n))]);
    const changes = diffRecords('guide', before, { ...after, version: 4 });
    expect(changes).toHaveLength(1);
    const [c] = changes;
    expect(c).toMatchObject({ kind: 'added', label: '申请材料「户口簿」', position: 0 });
    expect(c!.kind === 'added' && 'text' in c!.item && c!.item.text).toContain('复印件');
    expect(c!.kind === 'added' && 'text' in c!.item && c!.item.text).not.toContain('copy');
  });

  it('names each field of an added material and gives its blank form as media for a thumbnail', () => {
    const form = { sha256: 'a'.repeat(64), type: 'image/png', alt: '' };
    const after = guide([material('材料1'), material('居住证明', { originalOrCopy: 'original', copies: 0, blankForm: form })]);
    const [c] = diffRecords('guide', guide([material('材料1')]), after);
    expect(c!.kind).toBe('added');
    const fields = c!.kind === 'added' ? c!.fields! : [];
    const shown = Object.fromEntries(fields.map((f) => [f.label, 'text' in f.value ? f.value.text : f.value.media]));
    expect(shown).toMatchObject({ 材料名称: '居住证明', 是否必需: '必需', 原件份数: '1', 复印件份数: '0', 来源: '申请人自备' });
    expect(shown['原件/复印件']).toBe('原件');
    expect(Object.values(shown)).toContainEqual(form);
    // Empty fields are left out rather than shown as （空）.
    expect(fields.map((f) => f.label)).not.toContain('备注');
  });

  it('reports a removed and a moved material as one change each', () => {
    const before = guide(names.slice(0, 5).map((n) => material(n)));
    const removed = diffRecords('guide', before, guide(names.slice(1, 5).map((n) => material(n))));
    expect(removed).toEqual([expect.objectContaining({ kind: 'removed', label: '申请材料「材料1」' })]);
    const order = [names[1], names[2], names[3], names[4], names[0]].map((n) => material(n!));
    const moved = diffRecords('guide', before, guide(order));
    expect(moved).toEqual([expect.objectContaining({ kind: 'moved', label: '申请材料「材料1」', from: 0, to: 4 })]);
  });

  it('reports a field changed inside a matched material per field, with Chinese label and values', () => {
    const before = guide(names.slice(0, 3).map((n) => material(n)));
    const after = guide(names.slice(0, 3).map((n, i) => material(n, i === 2 ? { requirement: 'conditional', condition: '已婚的' } : {})));
    const changes = diffRecords('guide', before, after);
    expect(changes).toEqual([
      {
        kind: 'changed',
        path: 'materials[2].requirement',
        label: '申请材料「材料3」 › 是否必需',
        before: { text: '必需' },
        after: { text: '视情况' },
      },
      {
        kind: 'changed',
        path: 'materials[2].condition',
        label: '申请材料「材料3」 › 需要的情形',
        before: { text: '（空）' },
        after: { text: '已婚的' },
      },
    ]);
  });

  it('treats a material renamed in place as a field change, not a removal and an addition', () => {
    const before = guide([material('身份证'), material('户口簿')]);
    const after = guide([material('居民身份证'), material('户口簿')]);
    expect(diffRecords('guide', before, after)).toEqual([
      expect.objectContaining({
        kind: 'changed',
        label: '申请材料「身份证」 › 材料名称',
        before: { text: '身份证' },
        after: { text: '居民身份证' },
      }),
    ]);
  });

  it('shows money in yuan, instants in Beijing time with the zone, and images as media', () => {
    const fee = { type: 'fee', id: 'f', amount: { kind: 'fixed', fen: 6000 }, effectiveFrom: '2026-12-31T16:00:00Z' };
    const changes = diffRecords('fee', fee, { ...fee, amount: { kind: 'fixed', fen: 1250 }, effectiveFrom: '2027-01-01T00:00:00+08:00' });
    expect(changes).toEqual([
      expect.objectContaining({ label: '收费标准（金额） › 金额', before: { text: '¥60.00' }, after: { text: '¥12.50' } }),
    ]);
    const moved = diffRecords('fee', fee, { ...fee, effectiveFrom: '2027-01-02T00:00:00+08:00' });
    expect(moved[0]).toMatchObject({
      label: '生效时间',
      before: { text: '2027-01-01 00:00（北京时间）' },
      after: { text: '2027-01-02 00:00（北京时间）' },
    });
    const a = { sha256: 'a'.repeat(64), type: 'image/png', size: 10, alt: '' };
    const b = { sha256: 'b'.repeat(64), type: 'image/png', size: 12, alt: '' };
    const photo = diffRecords('official', { type: 'official', photo: a }, { type: 'official', photo: b });
    expect(photo).toEqual([
      {
        kind: 'changed',
        path: 'photo',
        label: '照片',
        before: { media: { sha256: a.sha256, type: 'image/png', alt: '' } },
        after: { media: { sha256: b.sha256, type: 'image/png', alt: '' } },
      },
    ]);
  });

  it('describes a change of fee kind and of time limit in words', () => {
    const changes = diffRecords(
      'guide',
      { fees: { kind: 'none' }, legalTimeLimit: { kind: 'same-day' } },
      { fees: { kind: 'items', feeItemIds: ['fee-a'] }, legalTimeLimit: { kind: 'working-days', days: 20 } },
    );
    expect(changes.map((c) => c.kind === 'changed' && [c.label, c.before, c.after])).toEqual([
      ['收费', { text: '不收费' }, { text: '收费标准：fee-a' }],
      ['法定办结时限', { text: '当场办结' }, { text: '20 个工作日' }],
    ]);
  });

  it('finds nothing between equal records and ignores the envelope', () => {
    const g = guide(names.map((n) => material(n)));
    expect(diffRecords('guide', g, { ...structuredClone(g), version: 9, updatedAt: '2027-01-01T00:00:00Z' })).toEqual([]);
  });

  it('labels and values come from one table', () => {
    expect(fieldLabel('guide', 'materials[3].originalOrCopy')).toBe('原件/复印件');
    expect(valueText('materials[3].originalOrCopy', 'original-and-copy')).toBe('原件和复印件');
    expect(valueText('audience', ['person', 'legal-entity'])).toBe('个人、法人');
    expect(valueText('openingHours[0].weekday', 7)).toBe('周日');
  });
});
