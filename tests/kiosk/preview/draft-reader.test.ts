/**
 * The preview's readers: the published content in memory reads like the
 * kiosk's store, and the draft wrapper shows the draft's version of its one
 * record everywhere the screens read it (by id, lists, filters, counts, the
 * search index), or no record for a withdrawal, and leaves the rest alone.
 */
import { describe, expect, it } from 'vitest';
import type { ContentRecord, FeeItem, Notice, ServiceGuide } from '../../../src/shared/content';
import { withDraftRecord } from '../../../src/kiosk/preview/draft-reader';
import { MemoryContentReader } from '../../../src/kiosk/preview/memory-reader';
import { fee, guide, notice, smallDataset } from '../../server/support/fixtures';

const published = () => new MemoryContentReader(smallDataset());

describe('withDraftRecord', () => {
  it('answers with the edited guide by id, in its lists and in the search records', async () => {
    const base = published();
    const edited: ServiceGuide = {
      ...guide('guide-dibao', { feeIds: ['fee-a'] }),
      name: '最低生活保障（草稿改名）',
      popularity: 1000,
      materials: [],
    };
    const reader = withDraftRecord(base, { type: 'guide', id: 'guide-dibao', record: edited });
    expect((await reader.getGuide('guide-dibao'))?.name).toBe('最低生活保障（草稿改名）');
    expect((await base.getGuide('guide-dibao'))?.name).not.toBe(edited.name);
    const summaries = await reader.listGuideSummaries();
    expect(summaries.map((g) => g.id)).toEqual(['guide-dibao', 'guide-village']);
    expect(summaries[0]!.name).toBe('最低生活保障（草稿改名）');
    expect((await reader.allRecords('guide')).find((g) => g.id === 'guide-dibao')?.name).toBe(edited.name);
    expect(await reader.count('guide')).toBe(2);
    // Other records are the published ones.
    expect((await reader.getGuide('guide-village'))?.name).toBe('东山村专项补助');
  });

  it('follows list filters with the draft: a guide moved to another department leaves the old list', async () => {
    const moved: ServiceGuide = { ...guide('guide-dibao'), departmentId: 'dept-other' };
    const reader = withDraftRecord(published(), { type: 'guide', id: 'guide-dibao', record: moved });
    const before = await published().listGuideSummaries({ departmentId: 'dept-mz' });
    expect(before.some((g) => g.id === 'guide-dibao')).toBe(true);
    expect((await reader.listGuideSummaries({ departmentId: 'dept-mz' })).some((g) => g.id === 'guide-dibao')).toBe(false);
    expect((await reader.listGuideSummaries({ departmentId: 'dept-other' })).map((g) => g.id)).toEqual(['guide-dibao']);
  });

  it('shows a new fee in its department list in order and where a guide asks for it, in the order asked', async () => {
    const added: FeeItem = { ...fee('fee-0-new', 99), name: '新增收费（草稿）' };
    const reader = withDraftRecord(published(), { type: 'fee', id: added.id, record: added });
    const list = await reader.listFees('dept-zrzy');
    expect(list.map((f) => f.id)).toContain('fee-0-new');
    expect(list.map((f) => f.name)).toEqual([...list.map((f) => f.name)].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')));
    expect(await reader.listFees('dept-mz')).toEqual([]);
    expect((await reader.getFees(['fee-b', 'fee-0-new', 'fee-a'])).map((f) => f.id)).toEqual(['fee-b', 'fee-0-new', 'fee-a']);
    expect(await reader.count('fee')).toBe(4);
  });

  it('keeps an edited fee where it was and a withdrawn one out of every answer', async () => {
    const edited: FeeItem = { ...fee('fee-b', 9900) };
    const reader = withDraftRecord(published(), { type: 'fee', id: 'fee-b', record: edited });
    expect((await reader.getFees(['fee-a', 'fee-b'])).map((f) => (f.amount.kind === 'fixed' ? f.amount.fen : null))).toEqual([1250, 9900]);

    const withdrawn = withDraftRecord(published(), { type: 'fee', id: 'fee-b', record: null });
    expect(await withdrawn.getFees(['fee-a', 'fee-b'])).toHaveLength(1);
    expect((await withdrawn.listFees()).some((f) => f.id === 'fee-b')).toBe(false);
    expect((await withdrawn.allRecords('fee')).some((f) => f.id === 'fee-b')).toBe(false);
    expect(await withdrawn.count('fee')).toBe(2);
  });

  it('sorts an urgent draft notice to the top and reads it by id', async () => {
    const urgent: Notice = { ...notice('notice-2'), title: '紧急通知（草稿）', priority: 'urgent' };
    const base = new MemoryContentReader([...smallDataset(), { ...notice('notice-3'), priority: 'important' } as ContentRecord]);
    const reader = withDraftRecord(base, { type: 'notice', id: 'notice-2', record: urgent });
    expect((await reader.listNotices()).map((n) => n.id)).toEqual(['notice-2', 'notice-3', 'notice-1']);
    expect((await reader.listNotices()).map((n) => n.id)).not.toEqual((await base.listNotices()).map((n) => n.id));
  });

  it('shows a draft hall in place of the published one', async () => {
    const reader = withDraftRecord(published(), {
      type: 'hall',
      id: 'hall-county',
      record: { ...((await published().getHall('hall-county')) as ContentRecord & { type: 'hall' }), name: '县政务服务中心（新址）' },
    });
    expect((await reader.getHall('hall-county'))?.name).toBe('县政务服务中心（新址）');
    expect((await reader.listHalls()).map((h) => h.name)).toContain('县政务服务中心（新址）');
    expect((await reader.getHall('point-dongshan'))?.name).toBe('东山村查询点');
  });
});

describe('MemoryContentReader', () => {
  it('reads media from the server, where every uploaded file is kept', async () => {
    const asked: string[] = [];
    const reader = new MemoryContentReader([], async (input) => {
      asked.push(String(input));
      return new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'application/pdf' } });
    });
    expect(await reader.mediaUrl('ab'.repeat(32))).toBe(`/media/${'ab'.repeat(32)}`);
    expect(await reader.mediaFile('cd'.repeat(32))).toEqual({ bytes: new Uint8Array([1, 2, 3]), type: 'application/pdf' });
    expect(asked).toEqual([`/media/${'cd'.repeat(32)}`]);
  });
});
