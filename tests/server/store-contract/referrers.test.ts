/** Who still names a record (so it may not be withdrawn), on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { withdrawalProblemsOf } from '../../../src/server/console/workflow/references';
import type { Kiosk } from '../../../src/server/console/types';
import { fixtureRecords } from '../console/support/fixtures';
import { DIALECTS, openDialect } from './dialects';

const T = '2026-11-23T02:00:00.000Z';

describe.each(DIALECTS)('records still named by others (%s)', (dialect) => {
  it('names the referring records and kiosks, and nothing once they are gone', async () => {
    const { content, consoleStore } = await openDialect(dialect);
    await content.publish(
      fixtureRecords().map((record) => ({ op: 'put' as const, record })),
      { actor: 'test', now: new Date(T) },
    );
    await consoleStore.createKiosk({ id: 'k1', hallId: 'hall-county', name: '一号机', createdAt: T } as Kiosk, 'tok-1');

    const hall = await withdrawalProblemsOf(content, consoleStore, { recordType: 'hall', recordId: 'hall-county' });
    expect(hall).toHaveLength(1);
    expect(hall[0]!.message).toContain('值班排班「shift-1」');
    expect(hall[0]!.message).toContain('终端「一号机（k1）」');

    const official = await withdrawalProblemsOf(content, consoleStore, { recordType: 'official', recordId: 'official-1' });
    expect(official[0]!.message).toMatch(/^仍被 值班排班「shift-1」 引用，不能撤下/);
    const department = await withdrawalProblemsOf(content, consoleStore, { recordType: 'department', recordId: 'dept-mz' });
    expect(department[0]!.message).toContain('工作人员「');

    // Withdrawn together (one batch), the shift no longer holds the official.
    expect(
      await withdrawalProblemsOf(content, consoleStore, { recordType: 'official', recordId: 'official-1' }, new Set(['dutyShift/shift-1'])),
    ).toEqual([]);
    await content.publish([{ op: 'delete', type: 'dutyShift', id: 'shift-1' }], { actor: 'test', now: new Date(T) });
    expect(await withdrawalProblemsOf(content, consoleStore, { recordType: 'official', recordId: 'official-1' })).toEqual([]);
    await consoleStore.deleteKiosk('k1');
    const hallAfter = await withdrawalProblemsOf(content, consoleStore, { recordType: 'hall', recordId: 'hall-county' });
    expect(hallAfter.map((p) => p.message).join()).not.toContain('终端');
  });
});
