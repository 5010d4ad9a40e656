/**
 * How a kiosk gets its configuration: on first launch it fetches
 * /kiosk-config/<kioskId>.json from the page's origin (kioskId from ?kiosk=,
 * default kiosk-county-1), validates it and keeps it in its own small
 * IndexedDB database, so every later launch works with no network. A stored
 * config is used unless ?kiosk= names another kiosk. Problems come back as a
 * sentence for staff (which file, which field, which rule), never a throw.
 */
import { kioskLog } from '../log/kiosk-log';
import { openDB } from 'idb';
import * as v from 'valibot';
import { formatProblems, ID_PATTERN, toProblems } from '../../shared/content';
import { KioskConfigSchema, type KioskConfig } from '../../shared/kiosk-config';

export const DEFAULT_KIOSK_ID = 'kiosk-county-1';
export const CONFIG_DB_NAME = 'shk-kiosk-config';
const CONFIG_KEY = 'current';

export type ConfigResult =
  | { ok: true; config: KioskConfig; source: 'stored' | 'fetched' }
  /** needsPairing: the server has no configuration for this kiosk; it can pair by code. */
  | { ok: false; problem: string; needsPairing?: boolean };

export interface LoadConfigOptions {
  fetch?: typeof fetch;
  dbName?: string;
}

type PageLocation = Pick<Location, 'search' | 'origin'>;

function configPath(kioskId: string): string {
  return `/kiosk-config/${kioskId}.json`;
}

async function withConfigDb<T>(dbName: string, fn: (db: Awaited<ReturnType<typeof openConfigDb>>) => Promise<T>): Promise<T> {
  const db = await openConfigDb(dbName);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

function openConfigDb(dbName: string) {
  return openDB(dbName, 1, {
    upgrade(db) {
      db.createObjectStore('config');
    },
  });
}

export function validateKioskConfig(input: unknown, where: string): ConfigResult {
  const result = v.safeParse(KioskConfigSchema, input, { abortPipeEarly: false });
  if (result.success) return { ok: true, config: result.output, source: 'fetched' };
  return { ok: false, problem: `终端配置 ${where} 有误：${formatProblems(toProblems(result.issues))}。` };
}

/** Fetches and validates the config of one kiosk from the page's origin. */
export async function fetchKioskConfig(
  kioskId: string,
  location: PageLocation,
  fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<ConfigResult> {
  const path = configPath(kioskId);
  let res: Response;
  try {
    res = await fetchFn(new URL(path, location.origin).toString(), { cache: 'no-store' });
  } catch {
    return { ok: false, problem: `无法获取终端配置 ${path}：网络不通或服务器未运行。首次启动必须联网一次，之后可离线使用。` };
  }
  if (res.status === 404) {
    return {
      ok: false,
      needsPairing: true,
      problem: `找不到终端配置 ${path}（HTTP 404）。请确认终端编号“${kioskId}”正确，并在服务器的 kiosk-config/ 目录中放置该文件。`,
    };
  }
  if (!res.ok) {
    // The feed server explains a broken template in the body's message; pass it on to staff.
    const detail = await res
      .json()
      .then((b: { message?: unknown }) => (typeof b?.message === 'string' ? b.message : ''))
      .catch(() => '');
    return { ok: false, problem: `无法获取终端配置 ${path}：服务器返回 HTTP ${res.status}${detail ? `（${detail}）` : ''}。` };
  }
  let json: unknown;
  try {
    json = JSON.parse(await res.text());
  } catch (err) {
    return { ok: false, problem: `终端配置 ${path} 不是有效的 JSON：${(err as Error).message}。` };
  }
  const result = validateKioskConfig(json, path);
  if (result.ok && result.config.kioskId !== kioskId) {
    return {
      ok: false,
      problem: `终端配置 ${path} 有误：kioskId: 文件中写的是“${result.config.kioskId}”，与请求的终端编号“${kioskId}”不一致。`,
    };
  }
  return result;
}

export async function loadKioskConfig(location: PageLocation, options: LoadConfigOptions = {}): Promise<ConfigResult> {
  const dbName = options.dbName ?? CONFIG_DB_NAME;
  const requested = new URLSearchParams(location.search).get('kiosk');
  if (requested !== null && !ID_PATTERN.test(requested)) {
    return { ok: false, problem: `地址中的 kiosk 参数“${requested}”不是有效的终端编号：只能由小写字母、数字、- 和 _ 组成。` };
  }

  let stored: unknown;
  try {
    stored = await withConfigDb(dbName, (db) => db.get('config', CONFIG_KEY));
  } catch {
    stored = undefined; // storage unavailable: behave as a first launch
  }
  const storedId = (stored as { kioskId?: unknown } | undefined)?.kioskId;
  if (stored !== undefined && (requested === null || requested === storedId)) {
    const result = validateKioskConfig(stored, '（本机保存的副本）');
    // A stored copy that no longer validates (e.g. after an app update) is fetched again below.
    if (result.ok) return { ...result, source: 'stored' };
  }

  const kioskId = requested ?? (typeof storedId === 'string' && ID_PATTERN.test(storedId) ? storedId : DEFAULT_KIOSK_ID);
  const fetched = await fetchKioskConfig(kioskId, location, options.fetch);
  if (!fetched.ok) return fetched;
  try {
    await withConfigDb(dbName, (db) => db.put('config', fetched.config, CONFIG_KEY));
  } catch (err) {
    // Still usable now; it simply will not survive an offline restart.
    kioskLog.warn('kiosk config could not be stored for offline launches', err);
  }
  return fetched;
}

/** Keeps a configuration received by pairing; the next launch starts with it. */
export async function saveKioskConfig(config: KioskConfig, options: LoadConfigOptions = {}): Promise<void> {
  await withConfigDb(options.dbName ?? CONFIG_DB_NAME, (db) => db.put('config', config, CONFIG_KEY));
}

/**
 * Re-fetches the stored kiosk's config while online and keeps it if it is valid
 * and different, so PIN or poll-interval changes reach kiosks; the app applies it
 * on its next launch. An invalid or unreachable config leaves the stored one.
 */
export async function refreshKioskConfig(
  current: KioskConfig,
  location: PageLocation,
  options: LoadConfigOptions = {},
): Promise<{ changed: boolean; problem?: string }> {
  const fetched = await fetchKioskConfig(current.kioskId, location, options.fetch);
  if (!fetched.ok) return { changed: false, problem: fetched.problem };
  if (JSON.stringify(fetched.config) === JSON.stringify(current)) return { changed: false };
  await withConfigDb(options.dbName ?? CONFIG_DB_NAME, (db) => db.put('config', fetched.config, CONFIG_KEY));
  return { changed: true };
}
