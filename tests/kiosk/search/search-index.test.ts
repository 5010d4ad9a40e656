import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../src/kiosk/search/search-index';
import { Tier } from '../../../src/kiosk/search/ranking';
import { department, fee, guide, notice, official, smallDataset } from './fixtures';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const search = (index: SearchIndex, q: string) => index.search(q, { nowMs: NOW });
const guideIds = (index: SearchIndex, q: string) => search(index, q).groups.guide.map((h) => h.id);

describe('search index', () => {
  const index = SearchIndex.build(smallDataset());

  it('finds 最低生活保障 by pinyin, initials, hanzi and traditional input', () => {
    for (const q of ['dibao', 'db', '低保', 'DiBao', 'ｄｉｂａｏ', 'zuidi', '最低生活保障'])
      expect(guideIds(index, q)[0], q).toBe('g-dibao');
    expect(guideIds(index, '戶口遷移')[0]).toBe('g-hukou');
  });

  it('matches polyphones by any of their readings', () => {
    expect(guideIds(index, 'kuaiji')[0]).toBe('g-kuaiji');
    expect(guideIds(index, 'huiji')[0]).toBe('g-kuaiji');
    expect(guideIds(index, 'yinhang')[0]).toBe('g-yinhang');
    expect(guideIds(index, 'chongqing')[0]).toBe('g-chongqing');
    expect(guideIds(index, 'zhongqing')[0]).toBe('g-chongqing');
  });

  it('ranks exact name over name prefix over plain name over tags over body', () => {
    const ix = SearchIndex.build([
      guide('body', { name: '甲乙事项', plainName: '甲乙', summary: '这里提到养老保险', popularity: 1000 }),
      guide('tag', { name: '丙丁事项', plainName: '丙丁', topics: ['养老保险'], popularity: 900 }),
      guide('plain', { name: '戊己事项', plainName: '养老保险', popularity: 800 }),
      guide('prefix', { name: '养老保险关系转移', plainName: '转社保', popularity: 700 }),
      guide('exact', { name: '养老保险', plainName: '社保', popularity: 0 }),
    ]);
    expect(guideIds(ix, '养老保险')).toEqual(['exact', 'prefix', 'plain', 'tag', 'body']);
    expect(guideIds(ix, 'yanglaobaoxian')).toEqual(['exact', 'prefix', 'plain', 'tag']);
    const hits = search(ix, '养老保险').groups.guide;
    expect(hits.map((h) => h.field)).toEqual(['name', 'name', 'plainName', 'tag', 'body']);
    expect(hits[0]!.score).toBe(Tier.NAME_EXACT);
  });

  it('breaks ties by popularity, then by name in pinyin order, then by id', () => {
    const ix = SearchIndex.build([
      guide('z', { name: '张家补贴', plainName: '补贴', popularity: 5 }),
      guide('a', { name: '安家补贴', plainName: '补贴', popularity: 5 }),
      guide('pop', { name: '王家补贴', plainName: '补贴', popularity: 9 }),
      guide('b2', { name: '白家补贴', plainName: '补贴', popularity: 5 }),
      guide('b1', { name: '白家补贴', plainName: '补贴', popularity: 5 }),
    ]);
    expect(guideIds(ix, '补贴')).toEqual(['pop', 'a', 'b1', 'b2', 'z']);
  });

  it('groups results and highlights the matched part', () => {
    const r = search(index, '低保');
    expect(r.groups.guide[0]).toMatchObject({ id: 'g-dibao', plainNameRanges: [[0, 2]] });
    expect(r.groups.official[0]).toMatchObject({ id: 'o-zhang', window: 'A03', field: 'tag', tag: { text: '低保专干', ranges: [[0, 2]] } });
    expect(r.groups.notice.map((h) => h.id)).toEqual(['n-holiday']);
    expect(r.totals).toEqual({ guide: 1, fee: 0, official: 1, notice: 1 });
    const pinyin = search(index, 'zuidish').groups.guide[0]!;
    expect(pinyin.nameRanges).toEqual([[0, 3]]);
  });

  it('hides expired notices and fees, and marks fees not yet in force', () => {
    expect(search(index, '旧的通知').total).toBe(0);
    expect(search(index, '登记费').groups.fee.map((h) => [h.id, h.current])).toEqual([['f-budongchan', true]]);
    const later = SearchIndex.build([
      fee('f-next', { name: '工本费（新标准）', effectiveFrom: '2027-01-01T00:00:00+08:00' }),
      notice('n-future', { title: '明年的通知', publishAt: '2027-06-01T00:00:00+08:00' }),
    ]);
    expect(later.search('工本费', { nowMs: NOW }).groups.fee.map((h) => [h.id, h.current])).toEqual([['f-next', false]]);
    expect(later.search('明年', { nowMs: NOW }).total).toBe(0);
    expect(later.search('明年', { nowMs: Date.parse('2027-06-02T00:00:00+08:00') }).total).toBe(1);
  });

  it('lends a matching department to its guides, fees and officials', () => {
    const r = search(index, '民政');
    expect(r.departments.map((d) => d.id)).toEqual(['dept-mz']);
    expect(r.groups.guide.map((h) => h.field)).toEqual(['department', 'department', 'department']);
    expect(r.groups.guide[0]!.id).toBe('g-dibao');
  });

  it('corrects one wrong letter and finds homophones of a mistyped character', () => {
    for (const q of ['dibso', 'dibai', 'dbiao', 'dibaoo']) {
      const r = search(index, q);
      expect(r.corrected, q).toBe(true);
      expect(r.groups.guide[0]?.id, q).toBe('g-dibao');
    }
    expect(search(index, '底保').groups.guide[0]?.id).toBe('g-dibao');
    expect(search(index, 'dibao').corrected).toBe(false);
  });

  it('finds codes and window numbers by their letters and digits', () => {
    expect(search(index, 'a03').groups.official[0]?.id).toBe('o-zhang');
    expect(search(index, '0002040').totals.guide).toBeGreaterThan(0);
  });

  it('needs a record to cover most of a query with several words', () => {
    expect(guideIds(index, '户口 迁移')).toEqual(['g-hukou']);
    // Each covers only half of the question: no confident answer.
    expect(guideIds(index, '户口 低保')).toEqual([]);
  });

  it('returns nothing (and no error) for empty or meaningless input', () => {
    for (const q of ['', '   ', '!!', 'xqxqxq']) expect(search(index, q).total).toBe(0);
  });

  it('offers popular guides and departments as suggestions', () => {
    const s = index.suggestions(3);
    expect(s.guides.map((g) => g.id)).toEqual(['g-dibao', 'g-hukou', 'g-tekun']);
    expect(s.departments.map((d) => d.id)).toEqual(['dept-mz', 'dept-zrzy', 'dept-cz']);
  });

  it('updates in place: put replaces, delete removes', () => {
    const ix = SearchIndex.build(smallDataset(), 5);
    ix.applyChanges(
      [
        { seq: 6, type: 'guide', id: 'g-dibao', op: 'put', record: guide('g-dibao', { name: '城乡低保申请', plainName: '吃低保' }) },
        { seq: 7, type: 'official', id: 'o-zhang', op: 'delete' },
        { seq: 8, type: 'fee', id: 'f-new', op: 'put', record: fee('f-new', { name: '工本费' }) },
        { seq: 9, type: 'hall', id: 'hall-county', op: 'delete' },
      ],
      9,
    );
    expect(ix.cursor).toBe(9);
    expect(search(ix, 'chidibao').groups.guide[0]?.id).toBe('g-dibao');
    expect(search(ix, '最低生活').totals.guide).toBe(0);
    expect(search(ix, '张丽华').total).toBe(0);
    expect(search(ix, 'gongbenfei').groups.fee[0]?.id).toBe('f-new');
  });

  it('keeps officials with their window for the duty line', () => {
    const ix = SearchIndex.build([
      official('o-li', { name: '李明', window: 'B12', departmentId: 'dept-rs' }),
      department('dept-rs', '县人力资源和社会保障局', '人社'),
    ]);
    const hit = search(ix, 'liming').groups.official[0]!;
    expect(hit).toMatchObject({ id: 'o-li', window: 'B12', departmentId: 'dept-rs', field: 'name', nameRanges: [[0, 2]] });
    expect(ix.departmentName('dept-rs')).toBe('县人力资源和社会保障局');
  });
});
