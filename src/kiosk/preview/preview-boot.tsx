/**
 * Starts a kiosk page as the console's preview of one draft (`?preview=<draftId>`):
 * the draft from the console API (the staff member's session), the published
 * content from a verified snapshot held in memory, and the kiosk's own app and
 * screens on top. Unlike a kiosk it keeps nothing: no content store, no config
 * saved, no sync, heartbeat, pairing, outbox or service worker, no idle reset,
 * and its search index lives in a database of its own that is deleted.
 */
import { createMemoryHistory } from '@tanstack/react-router';
import { render } from 'preact';
import * as v from 'valibot';
import { FEED_PATH } from '../../shared/feed/protocol';
import { KioskConfigSchema, LANGUAGES, type Language } from '../../shared/kiosk-config';
import { PREVIEW_QUERY, type DraftPreview } from '../../shared/draft-preview';
import { holdActivity } from '../app/activity';
import { KioskApp } from '../app/App';
import type { KioskServices } from '../app/services';
import { kioskLog } from '../log/kiosk-log';
import { closeSearchDbs, setSearchDbName } from '../search/persist';
import { verifySnapshot } from '../sync/verify';
import { withDraftRecord } from './draft-reader';
import { MemoryContentReader } from './memory-reader';
import { PreviewBridge } from './PreviewBridge';
import { stillEngine } from './still-engine';
import './preview.css';

declare const __APP_VERSION__: string;

const SEARCH_DB_PREFIX = 'shk-preview-search-';
/** Query parameters of the preview itself, not of the screen it opens at. */
const PREVIEW_PARAMS = [PREVIEW_QUERY, 'elder', 'lang'];

export async function bootPreview(root: HTMLElement, draftId: string): Promise<void> {
  // Staff look at a preview for as long as they like: it never warns or resets to home.
  holdActivity();
  await keepSearchApart();
  render(<PreviewMessageScreen title="正在准备预览…" />, root);

  const draft = await fetchDraft(draftId);
  if (!draft.ok) {
    render(<PreviewMessageScreen title="无法预览这份草稿" problem={draft.problem} />, root);
    return;
  }
  const preview = draft.value;
  const snapshotRes = await fetch(`/${FEED_PATH}/snapshot?hall=${encodeURIComponent(preview.hallId)}`);
  if (!snapshotRes.ok) throw new Error(`已发布内容下载失败（HTTP ${snapshotRes.status}）`);
  const snapshot = await verifySnapshot(
    new Uint8Array(await snapshotRes.arrayBuffer()),
    snapshotRes.headers,
    preview.feedPublicKey,
    preview.hallId,
  );
  const published = new MemoryContentReader(snapshot.records.map((e) => e.record));
  const reader = withDraftRecord(published, { type: preview.recordType, id: preview.recordId, record: preview.record });

  const config = v.parse(KioskConfigSchema, {
    kioskId: 'preview',
    hallId: preview.hallId,
    feedUrl: '/',
    feedPublicKey: preview.feedPublicKey,
    languages: [...LANGUAGES],
    idleTimeoutSeconds: 3600,
    ...(preview.publicUrl ? { publicUrl: preview.publicUrl } : {}),
  });
  const serverDate = Date.parse(snapshotRes.headers.get('Date') ?? '');
  const services: KioskServices = {
    config,
    reader,
    engine: stillEngine(snapshot.seq, Number.isFinite(serverDate) ? serverDate - Date.now() : 0),
    // The staff panel is a kiosk's, not a preview's: no PIN opens it here.
    verifyStaffPin: async () => false,
    staffPanel: false,
    appVersion: __APP_VERSION__,
    initialHall: await reader.getHall(config.hallId),
  };
  const query = new URLSearchParams(location.search);
  const elder = query.get('elder');
  const language = (LANGUAGES as readonly string[]).includes(query.get('lang') ?? '') ? (query.get('lang') as Language) : undefined;
  for (const name of PREVIEW_PARAMS) query.delete(name);
  const rest = query.toString();
  // Memory history: the preview's screens do not pile up in the console page's back button.
  const history = createMemoryHistory({ initialEntries: [`${location.pathname}${rest ? `?${rest}` : ''}`] });
  render(
    <KioskApp
      services={services}
      history={history}
      overlay={<PreviewBridge initial={{ elder: elder === null ? undefined : elder === '1', language }} />}
    />,
    root,
  );
}

async function fetchDraft(draftId: string): Promise<{ ok: true; value: DraftPreview } | { ok: false; problem: string }> {
  const res = await fetch(`/api/console/preview/drafts/${encodeURIComponent(draftId)}`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  const body = (await res.json().catch(() => null)) as (DraftPreview & { message?: string }) | null;
  if (res.ok && body) return { ok: true, value: body };
  if (res.status === 401) return { ok: false, problem: '请先在本浏览器登录控制台，再打开预览。' };
  return { ok: false, problem: body?.message ?? `服务器没有给出草稿（HTTP ${res.status}）` };
}

/** The search screen's index and empty-query counts go to a database of this page's own, deleted when it closes. */
async function keepSearchApart(): Promise<void> {
  const name = `${SEARCH_DB_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  setSearchDbName(name);
  const remove = (db: string) =>
    new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(db);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  addEventListener('pagehide', () => void closeSearchDbs().then(() => remove(name)));
  // A preview closed without pagehide (a crash) left its database: remove those of earlier previews.
  const earlier = await indexedDB.databases?.().catch(() => []);
  await Promise.all((earlier ?? []).filter((d) => d.name?.startsWith(SEARCH_DB_PREFIX)).map((d) => remove(d.name!)));
}

function PreviewMessageScreen(props: { title: string; problem?: string }) {
  return (
    <main class="preview-problem" data-testid="preview-problem" aria-busy={props.problem ? undefined : 'true'}>
      <h1>{props.title}</h1>
      {props.problem && <p role="alert">{props.problem}</p>}
    </main>
  );
}

export function reportPreviewFailure(root: HTMLElement, err: unknown): void {
  kioskLog.error('preview failed to start', err);
  const detail = err instanceof Error ? err.message : String(err);
  render(<PreviewMessageScreen title="无法预览这份草稿" problem={detail} />, root);
}
