/**
 * Kiosk bootstrap: config -> store -> sync engine -> screens. Whatever goes
 * wrong on the way, the screen says so in words (never blank, never a script
 * error): a missing or invalid config gets a staff-facing screen.
 */
import { kioskLog } from './log/kiosk-log';
import './app/kiosk.css';
import { render } from 'preact';
import { KioskApp } from './app/App';
import { ConfigProblemScreen } from './app/ConfigProblemScreen';
import { installGlobalErrorGuards } from './app/global-errors';
import { installLockdown } from './app/lockdown';
import type { KioskServices } from './app/services';
import { registerServiceWorker } from './app/sw-register';
import { checkStaffPinOnServer, loadKioskConfig, saveKioskConfig, verifyStaffPin } from './config';
import { createDeferredEngine } from './app/deferred-engine';
import { openKioskStore } from './store/kiosk-store';
import { configureFeedback } from './feedback/track';
import { PREVIEW_QUERY } from '../shared/draft-preview';

declare const __APP_VERSION__: string;

async function boot(root: HTMLElement): Promise<void> {
  performance.mark('shk:boot');
  // The config and the content store are independent: open both at once (cold start on village PCs).
  const storePromise = openKioskStore({
    onBlocked: (msg) => kioskLog.warn('storage upgrade blocked:', msg),
    // Another tab (a newer app version) is upgrading the database: hand over by reloading.
    onVersionChange: () => setTimeout(() => location.reload(), 1000),
  });
  storePromise.catch(() => undefined); // reported below, once the config is known to be fine
  // ?pair asks for pairing even where a configuration is stored (a kiosk moved to another hall);
  // a kiosk started with no kiosk id whose default has no configuration pairs too. A kiosk id
  // typed into the address that the server does not know is a mistake to show, not to pair.
  const query = new URLSearchParams(location.search);
  const loaded = query.has('pair') ? ({ ok: false, problem: '', needsPairing: true } as const) : await loadKioskConfig(location);
  if (!loaded.ok) {
    if (loaded.needsPairing && !query.has('kiosk')) {
      const { PairingScreen } = await import('./pairing/PairingScreen');
      render(<PairingScreen />, root);
    } else render(<ConfigProblemScreen title="查询机配置有问题" problem={loaded.problem} />, root);
    return;
  }
  const { config } = loaded;
  performance.mark('shk:config-loaded');
  const store = await storePromise;
  const [cursor, meta, initialHall] = await Promise.all([
    store.getCursor(),
    store.meta.read(),
    store.getHall(config.hallId).catch(() => undefined),
  ]);
  performance.mark('shk:store-ready');
  const engine = createDeferredEngine({ cursor, meta });
  // Ratings and usage get their id and time when made, on the server-corrected clock.
  configureFeedback({ kioskId: config.kioskId, now: () => engine.serverNow() });
  const services: KioskServices = {
    config,
    reader: store,
    engine,
    // A paired kiosk checks offline against the hash it received; a template kiosk asks the server.
    verifyStaffPin: (pin) =>
      config.staffPinHash ? verifyStaffPin(pin, config.staffPinHash) : checkStaffPinOnServer(pin, config.kioskId, location.origin),
    appVersion: __APP_VERSION__,
    initialHall,
  };
  render(<KioskApp services={services} />, root);

  // The sync engine (signature checks, validation, feed client) is a separate chunk, loaded
  // once stored content is on screen so it does not compete with the first paint; a first
  // run (nothing stored) loads it straight away.
  if (cursor != null) await contentPainted(1500);
  const [{ createSyncEngine }, { createHeartbeat }, { createRemoteControl }, { remoteActions, reloadWhenIdle }] = await Promise.all([
    import('./sync/engine'),
    import('./heartbeat/heartbeat'),
    import('./heartbeat/remote'),
    import('./heartbeat/remote-actions'),
  ]);
  // Heartbeat replies carry settings changed in the console and remote actions (reload, resync, clear cache, rebuild the search index, screenshot).
  const whenIdle = () => reloadWhenIdle(config.idleTimeoutSeconds * 1000);
  const remote = createRemoteControl({
    config,
    saveConfig: (next) => saveKioskConfig(next),
    reloadWhenIdle: whenIdle,
    run: remoteActions({ store, config, search: services }),
  });
  // Heartbeats tell the console's fleet view what this kiosk really holds (best effort, never blocks sync).
  const sync = createSyncEngine({
    config,
    store,
    afterPoll: createHeartbeat({ config, appVersion: __APP_VERSION__, remote, errorCount: countErrors() }),
  });
  engine.attach(sync);
  sync.start();
  // The outbox (ratings, messages, usage) is its own chunk; until it is up, items wait in memory.
  void import('./feedback/runtime')
    .then(({ startFeedback }) => startFeedback({ config, now: () => engine.serverNow() }))
    .catch((err: unknown) => kioskLog.error('feedback outbox failed to start', err));
  warmSearchWhenIdle(services);
}

/**
 * Loads the search chunk once the kiosk is idle, so the index is ready before
 * the first resident searches and follows every applied page from then on (and
 * is saved, so the next cold start loads it instead of rebuilding).
 */
function warmSearchWhenIdle(services: KioskServices): void {
  const warm = () => void import('./search/kiosk-search').then(({ kioskSearchService }) => kioskSearchService(services));
  const whenIdle = () => ('requestIdleCallback' in window ? requestIdleCallback(warm, { timeout: 10_000 }) : setTimeout(warm, 3000));
  if (services.engine.status().cursor != null) {
    whenIdle();
    return;
  }
  // First run: nothing to index until the snapshot is in.
  const stop = services.engine.onApplied(() => {
    stop();
    whenIdle();
  });
}

/** Errors logged since the page started, for the heartbeat. */
function countErrors(): () => number {
  let errors = kioskLog.lines().filter((l) => l.level === 'error').length;
  kioskLog.subscribe(() => {
    if (kioskLog.lines().at(-1)?.level === 'error') errors++;
  });
  return () => errors;
}

/** Resolves when home has painted with content (HomeScreen marks it) or after `maxMs` on any other screen. */
function contentPainted(maxMs: number): Promise<void> {
  const start = performance.now();
  return new Promise((resolve) => {
    const check = () => {
      if (performance.getEntriesByName('shk:home-painted').length || performance.now() - start > maxMs) resolve();
      else setTimeout(check, 50);
    };
    check();
  });
}

const root = document.getElementById('app')!;
installGlobalErrorGuards();
const previewDraft = new URLSearchParams(location.search).get(PREVIEW_QUERY);
if (previewDraft !== null) {
  // A console user looking at a draft (src/kiosk/preview): none of a kiosk's storage, sync or service worker.
  void import('./preview/preview-boot').then(({ bootPreview, reportPreviewFailure }) =>
    bootPreview(root, previewDraft).catch((err: unknown) => reportPreviewFailure(root, err)),
  );
} else {
  installLockdown();
  boot(root)
    .catch((err: unknown) => {
      kioskLog.error('kiosk failed to start', err);
      const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      render(<ConfigProblemScreen title="查询机无法启动" problem={`本机存储无法打开或启动失败：${detail}`} />, root);
    })
    .finally(() => void registerServiceWorker());
}
