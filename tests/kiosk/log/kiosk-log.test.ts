import { describe, expect, it } from 'vitest';
import { createKioskLog } from '../../../src/kiosk/log/kiosk-log';

describe('kiosk log', () => {
  it('keeps the last lines with time, level and the error message, oldest first', () => {
    let ms = Date.parse('2026-11-23T02:00:00Z');
    const log = createKioskLog({ capacity: 3, now: () => new Date((ms += 1000)), echo: null });
    log.info('kiosk started');
    log.warn('search index not saved', new Error('quota exceeded'));
    log.error('sync cycle failed unexpectedly', { status: 500 });
    log.error('uncaught error', 'boom');
    expect(log.lines()).toEqual([
      { at: '2026-11-23T02:00:02.000Z', level: 'warn', message: 'search index not saved', detail: 'quota exceeded' },
      { at: '2026-11-23T02:00:03.000Z', level: 'error', message: 'sync cycle failed unexpectedly', detail: '{"status":500}' },
      { at: '2026-11-23T02:00:04.000Z', level: 'error', message: 'uncaught error', detail: 'boom' },
    ]);
  });

  it('tells subscribers of each line and echoes it to the console it was given', () => {
    const echoed: unknown[][] = [];
    const log = createKioskLog({
      echo: {
        info: (...a: unknown[]) => echoed.push(['info', ...a]),
        warn: () => {},
        error: (...a: unknown[]) => echoed.push(['error', ...a]),
      },
    });
    let heard = 0;
    const unsubscribe = log.subscribe(() => heard++);
    const failure = new Error('x');
    log.info('one');
    log.error('two', failure);
    unsubscribe();
    log.info('three');
    expect(heard).toBe(2);
    expect(echoed).toEqual([
      ['info', 'one'],
      ['error', 'two', failure],
      ['info', 'three'],
    ]);
    expect(log.lines()).toHaveLength(3);
  });
});
