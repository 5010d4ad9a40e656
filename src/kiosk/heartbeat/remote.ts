/**
 * What a heartbeat reply may carry to this kiosk (it is never connected to
 * from outside): newer settings, as a whole configuration, and remote actions
 * queued in the console (reload, resync from scratch, clear the cache,
 * rebuild the search index, a screenshot).
 *
 * New settings are stored at once and applied by a reload once nobody has
 * touched the screen for the kiosk's idle time (the moment it would reset to
 * home anyway). An action is acknowledged in the next heartbeat. For the
 * actions that end the page (reload, resync, clear the cache) the
 * acknowledgement is written to localStorage before the action runs; the
 * others are acknowledged when they finish, with what they report (the index's
 * document count and time, the screenshot's size) or why they failed.
 */
import * as v from 'valibot';
import { KioskConfigSchema, type KioskConfig } from '../../shared/kiosk-config';
import { kioskLog } from '../log/kiosk-log';

export type RemoteActionKind = 'reload' | 'resync' | 'clear-cache' | 'rebuild-index' | 'screenshot';
/** These end the page: acknowledged before they run. */
const PAGE_ENDING: ReadonlySet<string> = new Set(['reload', 'resync', 'clear-cache']);
export interface RemoteAck {
  id: number;
  ok: boolean;
  detail: string | null;
}

interface ReplyBody {
  settingsVersion?: number | null;
  config?: unknown;
  actions?: { id: number; action: string }[];
}

export interface RemoteDeps {
  config: KioskConfig;
  saveConfig(config: KioskConfig): Promise<void>;
  /** Reloads once the screen has been left alone for the idle time (or at once when nobody is there). */
  reloadWhenIdle(): void;
  /** Each action; what it resolves with is the acknowledgement's detail. */
  run: Record<RemoteActionKind, (actionId: number) => Promise<string | void>>;
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

const ACKS_KEY = 'shk-remote-acks';
const DONE_KEY = 'shk-remote-done';

export function createRemoteControl(deps: RemoteDeps) {
  const storage = deps.storage ?? globalThis.localStorage;
  const read = <T>(key: string, fallback: T): T => {
    try {
      return (JSON.parse(storage.getItem(key) ?? 'null') as T | null) ?? fallback;
    } catch {
      return fallback;
    }
  };
  const write = (key: string, value: unknown) => {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or blocked: the console will simply see the action as delivered, not done.
    }
  };
  let settingsApplied = false;

  return {
    /** Acknowledgements not yet sent; the heartbeat body carries them. */
    pendingAcks: (): RemoteAck[] => read<RemoteAck[]>(ACKS_KEY, []).slice(-20),

    /** The server answered with these acknowledgements taken. */
    acksSent(sent: RemoteAck[]) {
      const ids = new Set(sent.map((a) => a.id));
      write(
        ACKS_KEY,
        read<RemoteAck[]>(ACKS_KEY, []).filter((a) => !ids.has(a.id)),
      );
    },

    async handle(reply: ReplyBody) {
      if (reply.config !== undefined && !settingsApplied) {
        const parsed = v.safeParse(KioskConfigSchema, reply.config);
        if (!parsed.success || parsed.output.kioskId !== deps.config.kioskId) {
          kioskLog.warn('heartbeat reply carried settings that do not validate; keeping the current ones');
        } else if (parsed.output.settingsVersion !== deps.config.settingsVersion) {
          await deps.saveConfig(parsed.output);
          settingsApplied = true;
          kioskLog.info(`new settings (version ${parsed.output.settingsVersion}) stored; applied at the next idle moment`);
          deps.reloadWhenIdle();
        }
      }
      const done = new Set(read<number[]>(DONE_KEY, []));
      for (const { id, action } of reply.actions ?? []) {
        if (done.has(id)) continue;
        done.add(id);
        write(DONE_KEY, [...done].slice(-100));
        const run = deps.run[action as RemoteActionKind];
        if (!run) {
          this.ack({ id, ok: false, detail: `unknown action ${action}` });
          continue;
        }
        // Acknowledged first when the action ends this page (reload, resync).
        const endsPage = PAGE_ENDING.has(action);
        if (endsPage) this.ack({ id, ok: true, detail: null });
        kioskLog.info(`remote action ${action} (#${id})`);
        await run(id).then(
          (detail) => {
            if (!endsPage) this.ack({ id, ok: true, detail: detail ? detail.slice(0, 500) : null });
          },
          (err: unknown) => {
            const detail = (err instanceof Error ? err.message : String(err)).slice(0, 500);
            kioskLog.warn(`remote action ${action} (#${id}) failed: ${detail}`);
            this.ack({ id, ok: false, detail });
          },
        );
      }
    },

    ack(entry: RemoteAck) {
      write(ACKS_KEY, [...read<RemoteAck[]>(ACKS_KEY, []).filter((a) => a.id !== entry.id), entry]);
    },
  };
}
