/**
 * Bad records of every type are refused with a message naming the field and
 * the rule, and nothing of the batch is written.
 */
import { describe, expect, it } from 'vitest';
import { RecordValidationError } from '../../../src/server/store/content-store';
import { openSqliteStore } from '../../../src/server/store/sqlite-store';
import type { ContentRecord } from '../../../src/shared/content';
import { department, dutyException, dutyShift, fee, guide, hall, notice, official, puts } from '../support/fixtures';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

const bad = (record: ContentRecord, patch: Record<string, unknown>) => ({ ...record, ...patch }) as unknown as ContentRecord;

const cases: { name: string; record: ContentRecord; field: string; rule: RegExp }[] = [
  {
    name: 'hall without a real timezone',
    record: bad(hall('hall-x'), { timezone: 'China/Beijing' }),
    field: 'timezone',
    rule: /IANA 时区/,
  },
  {
    name: 'hall opening before it closes',
    record: bad(hall('hall-x'), { openingHours: [{ weekday: 1, periods: [{ open: '17:00', close: '09:00' }] }] }),
    field: 'openingHours[0].periods[0]',
    rule: /开门时间必须早于关门时间/,
  },
  { name: 'department with an empty name', record: bad(department('dept-x'), { name: '   ' }), field: 'name', rule: /不能为空/ },
  {
    name: 'fee in fractional fen',
    record: bad(fee('fee-x'), { amount: { kind: 'fixed', fen: 10.5 } }),
    field: 'amount.fen',
    rule: /整数（单位：分）/,
  },
  { name: 'fee without a legal basis', record: bad(fee('fee-x'), { basis: [] }), field: 'basis', rule: /依据文件名称和文号/ },
  {
    name: 'fee range upside down',
    record: bad(fee('fee-x'), { amount: { kind: 'range', minFen: 500, maxFen: 100 } }),
    field: 'amount',
    rule: /最低金额不能高于最高金额/,
  },
  {
    name: 'fee time without offset',
    record: bad(fee('fee-x'), { effectiveFrom: '2026-01-01T00:00:00' }),
    field: 'effectiveFrom',
    rule: /带时区/,
  },
  { name: 'guide with blank fees', record: bad(guide('guide-x'), { fees: undefined }), field: 'fees', rule: /收费必须明确/ },
  {
    name: 'guide promising more than the law allows',
    record: bad(guide('guide-x'), { promisedTimeLimit: { kind: 'working-days', days: 60 } }),
    field: '',
    rule: /承诺办结时限不能长于法定办结时限/,
  },
  {
    name: 'guide material copy count',
    record: bad(guide('guide-x'), { materials: [{ ...guide('g').materials[0], copies: 0 }] }),
    field: 'materials[0]',
    rule: /复印件份数至少为 1/,
  },
  { name: 'official with a letter phone', record: bad(official('off-x'), { phone: 'call me' }), field: 'phone', rule: /电话号码/ },
  { name: 'duty shift on weekday 8', record: bad(dutyShift('shift-x'), { weekday: 8 }), field: 'weekday', rule: /1（周一）到 7（周日）/ },
  {
    name: 'substitution without substitute',
    record: bad(dutyException('exc-x'), { kind: 'substitution' }),
    field: '',
    rule: /替班必须指定替班人员/,
  },
  {
    name: 'notice expiring before publish',
    record: bad(notice('notice-x'), { expiresAt: '2026-10-01T00:00:00+08:00' }),
    field: '',
    rule: /过期时间必须晚于发布时间/,
  },
  { name: 'notice with an unknown priority', record: bad(notice('notice-x'), { priority: 'shouting' }), field: 'priority', rule: /优先级/ },
  {
    name: 'record with a bad scope',
    record: bad(notice('notice-x'), { scope: 'everywhere' }),
    field: 'scope',
    rule: /'global' 或 'hall:<大厅编号>'/,
  },
  { name: 'record with an upper-case id', record: bad(notice('notice-x'), { id: 'Notice X' }), field: 'id', rule: /小写字母/ },
  { name: 'record of an unknown type', record: bad(notice('notice-x'), { type: 'poster' }), field: 'type', rule: /未知的记录类型/ },
];

describe('publish refuses bad records, naming field and rule', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const store = openSqliteStore({ dataDir: tempDir() });
      await store.publish(puts([notice('existing')]));
      const error = await store.publish(puts([fee('fee-good'), c.record])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RecordValidationError);
      const [entry] = (error as RecordValidationError).problems;
      expect(entry?.index).toBe(1);
      const match = entry?.problems.find((p) => p.field === c.field && c.rule.test(p.message));
      expect(match, `problems were: ${JSON.stringify(entry?.problems)}`).toBeDefined();
      // The message a console shows names the record, the field and the rule.
      expect((error as Error).message).toMatch(c.rule);
      if (c.field) expect((error as Error).message).toContain(`${c.field}: `);
      expect(await store.position()).toMatchObject({ seq: 1, minSeq: 0 });
      expect(await store.getRecord('fee', 'fee-good')).toBeNull();
      await store.close();
    });
  }

  it('ignores the caller-supplied version and updatedAt: the store stamps them', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    const { records } = await store.publish(puts([bad(fee('fee-x'), { version: 99, updatedAt: 'yesterday' })]), {
      now: new Date('2026-11-23T00:00:00Z'),
    });
    expect(records[0]).toMatchObject({ version: 1, updatedAt: '2026-11-23T08:00:00.000+08:00' });
    await store.close();
  });
});

describe('messages for rules without a message of their own', () => {
  it('are restated in Chinese, still naming the field', async () => {
    const store = openSqliteStore({ dataDir: tempDir() });
    const g = guide('guide-x');
    const error = await store
      .publish(puts([bad(g, { online: { ...g.online, available: 'yes' } })]))
      .catch((e: unknown) => e as RecordValidationError);
    expect((error as RecordValidationError).problems[0]!.problems).toContainEqual({
      field: 'online.available',
      message: '格式不正确：应为 boolean，收到 "yes"',
    });
    expect((error as Error).message).not.toMatch(/Invalid|Expected/);
    const { hours: _dropped, ...withoutHours } = g;
    const missing = await store.publish(puts([withoutHours as unknown as ContentRecord])).catch((e: unknown) => e as RecordValidationError);
    expect((missing as RecordValidationError).problems[0]!.problems).toContainEqual({ field: 'hours', message: '必须填写（缺少此项）' });
    await store.close();
  });
});
