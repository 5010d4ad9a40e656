/**
 * The kiosk side of settings and remote actions in heartbeat replies: new
 * settings are validated and stored, then applied at the next idle moment;
 * an action runs once and its acknowledgement is kept until a heartbeat took it.
 */
import { describe, expect, it } from 'vitest';
import { createRemoteControl } from '../../../src/kiosk/heartbeat/remote';
import type { KioskConfig } from '../../../src/shared/kiosk-config';

const CONFIG: KioskConfig = {
  kioskId: 'kiosk-county-9',
  hallId: 'hall-county',
  feedUrl: '/',
  feedPublicKey: Buffer.alloc(32, 7).toString('base64'),
  pollIntervalSeconds: 30,
  idleTimeoutSeconds: 90,
  languages: ['zh-Hans'],
  theme: 'default',
  heartbeatToken: 'token-aaaaaaaaaaaaaaaaaaaaaaaa',
  settingsVersion: 1,
};

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

function setup() {
  const saved: KioskConfig[] = [];
  const ran: string[] = [];
  let reloads = 0;
  const storage = memoryStorage();
  const remote = createRemoteControl({
    config: CONFIG,
    saveConfig: async (c) => void saved.push(c),
    reloadWhenIdle: () => void reloads++,
    run: {
      reload: async () => void ran.push('reload'),
      resync: async () => void ran.push('resync'),
      'clear-cache': async () => {
        throw new Error('Cache Storage unavailable');
      },
      'rebuild-index': async () => {
        // Still running: not acknowledged yet (it does not end the page).
        expect(storage.getItem('shk-remote-acks') ?? '').not.toContain('"id":10');
        ran.push('rebuild-index');
        return '搜索索引已重建：812 条，用时 640 毫秒';
      },
      screenshot: async () => {
        throw new Error('评价/留言对话框正开着，为保护居民隐私未截图；请稍后再试');
      },
    },
    storage,
  });
  return { remote, saved, ran, reloads: () => reloads, storage };
}

describe('heartbeat reply handling', () => {
  it('stores newer valid settings and schedules the reload; ignores invalid or another kiosk’s', async () => {
    const t = setup();
    await t.remote.handle({ settingsVersion: 2, config: { ...CONFIG, kioskId: 'kiosk-other', settingsVersion: 2 }, actions: [] });
    await t.remote.handle({ settingsVersion: 2, config: { ...CONFIG, idleTimeoutSeconds: 5, settingsVersion: 2 }, actions: [] });
    expect(t.saved).toEqual([]);
    await t.remote.handle({ settingsVersion: 2, config: { ...CONFIG, printer: 'a4', settingsVersion: 2 }, actions: [] });
    expect(t.saved).toHaveLength(1);
    expect(t.saved[0]).toMatchObject({ printer: 'a4', settingsVersion: 2 });
    expect(t.reloads()).toBe(1);
  });

  it('runs each action once, keeps the acknowledgements until sent, and reports a failure', async () => {
    const t = setup();
    await t.remote.handle({ settingsVersion: 1, actions: [{ id: 7, action: 'resync' }] });
    await t.remote.handle({ settingsVersion: 1, actions: [{ id: 7, action: 'resync' }] });
    expect(t.ran).toEqual(['resync']);
    await t.remote.handle({
      settingsVersion: 1,
      actions: [
        { id: 8, action: 'clear-cache' },
        { id: 9, action: 'fly' },
      ],
    });
    const acks = t.remote.pendingAcks();
    expect(acks).toEqual([
      { id: 7, ok: true, detail: null },
      { id: 8, ok: false, detail: 'Cache Storage unavailable' },
      { id: 9, ok: false, detail: 'unknown action fly' },
    ]);
    t.remote.acksSent(acks.slice(0, 2));
    expect(t.remote.pendingAcks().map((a) => a.id)).toEqual([9]);

    // Actions that keep the page are acknowledged when done, with what they report or why they failed.
    await t.remote.handle({
      settingsVersion: 1,
      actions: [
        { id: 10, action: 'rebuild-index' },
        { id: 11, action: 'screenshot' },
      ],
    });
    expect(t.ran).toEqual(['resync', 'rebuild-index']);
    expect(t.remote.pendingAcks().slice(1)).toEqual([
      { id: 10, ok: true, detail: '搜索索引已重建：812 条，用时 640 毫秒' },
      { id: 11, ok: false, detail: '评价/留言对话框正开着，为保护居民隐私未截图；请稍后再试' },
    ]);
  });
});
