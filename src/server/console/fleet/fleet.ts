/**
 * The kiosk fleet: registration issues a random per-kiosk token (only its
 * hash is stored) and the kiosk-config JSON to install; heartbeats report what
 * each kiosk really holds. Reach is counted from the cursor a kiosk reported,
 * never from what was sent: a publish "reached" a kiosk only when that kiosk
 * said its stored cursor is at or past the publish.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { Id, Instant } from '../../../shared/content';
import { KioskConfigSchema, LANGUAGES, PRINTER_FORMATS, type KioskConfig } from '../../../shared/kiosk-config';
import type { ContentStore } from '../../store/content-store';
import { randomToken, sha256Hex } from '../accounts/tokens';
import type { ConsoleStore } from '../console-store';
import type { Heartbeat, Kiosk, Publication, User } from '../types';
import type { PairingCodes } from './pairing';
import { WorkflowError } from '../workflow/errors';

export const UNSEEN_AFTER_MS = 15 * 60_000;
/** A kiosk polling every 30 s should have a publish within this long; after it, it counts as lagging. */
export const LAG_GRACE_MS = 5 * 60_000;
const PIN_ITERATIONS = 150_000;

export const RegisterKioskInput = v.object({
  id: Id,
  hallId: Id,
  name: v.pipe(v.string('名称必须是文本'), v.trim(), v.minLength(1, '不能为空'), v.maxLength(60, '不能超过 60 个字符')),
  staffPin: v.pipe(v.string('必须是文本'), v.regex(/^\d{6,12}$/, '维护 PIN 为 6–12 位数字')),
  feedUrl: v.optional(v.pipe(v.string(), v.minLength(1)), '/'),
  pollIntervalSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5, '至少 5 秒'), v.maxValue(3600, '不超过 3600 秒')), 30),
});

/** Staff pair a kiosk: the code on its screen and the settings it should run with. */
export const PairKioskInput = v.object({
  code: v.pipe(v.string('配对码必须是文本'), v.trim(), v.minLength(1, '请输入查询机屏幕上的配对码'), v.maxLength(20, '配对码是 8 位数字')),
  id: Id,
  hallId: Id,
  name: v.pipe(v.string('名称必须是文本'), v.trim(), v.minLength(1, '不能为空'), v.maxLength(60, '不能超过 60 个字符')),
  languages: v.optional(v.pipe(v.array(v.picklist(LANGUAGES, '不支持的界面语言')), v.minLength(1, '至少选择一种界面语言')), [
    'zh-Hans',
    'zh-Hant',
    'en',
  ]),
  idleTimeoutSeconds: v.optional(
    v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(20, '至少 20 秒'), v.maxValue(3600, '不超过 3600 秒')),
    90,
  ),
  printer: v.optional(v.picklist(PRINTER_FORMATS, "打印机必须是 'none'、'receipt-80mm' 或 'a4'"), 'none'),
  staffPin: v.pipe(v.string('必须是文本'), v.regex(/^\d{6,12}$/, '维护 PIN 为 6–12 位数字')),
  /** Pair again a kiosk already in the fleet (new device, wiped storage): its old token stops working. */
  replace: v.optional(v.boolean(), false),
});

export const HeartbeatInput = v.object({
  appVersion: v.pipe(v.string('必须是文本'), v.maxLength(40, '不能超过 40 个字符')),
  cursor: v.pipe(
    v.number('必须是数字'),
    v.integer('必须是整数'),
    v.minValue(0, '不能为负数'),
    v.maxValue(Number.MAX_SAFE_INTEGER, '超出范围'),
  ),
  storageUsed: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))), null),
  storageQuota: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))), null),
  lastError: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(2000, '不能超过 2000 个字符'))), null),
  onlineSince: v.optional(v.nullable(Instant), null),
});

/** "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>": the kiosk checks it offline with WebCrypto. */
export function staffPinHash(pin: string): string {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(pin, salt, PIN_ITERATIONS, 32, 'sha256');
  return `pbkdf2-sha256$${PIN_ITERATIONS}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Too many wrong pairing codes lately: every guess waits. */
export class PairingDelay extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`配对码错误次数过多，请 ${retryAfterSeconds} 秒后再试`);
  }
}

export interface FleetDeps {
  content: ContentStore;
  consoleStore: ConsoleStore;
  now: () => Date;
  feedPublicKey: () => Promise<string>;
}

export function createFleet(deps: FleetDeps) {
  const { content, consoleStore } = deps;

  async function buildConfig(
    kiosk: Kiosk,
    token: string,
    options: { staffPin: string; feedUrl: string; pollIntervalSeconds: number } & Partial<
      Pick<KioskConfig, 'languages' | 'idleTimeoutSeconds' | 'printer'>
    >,
  ): Promise<KioskConfig> {
    const config = {
      ...(options.languages ? { languages: options.languages } : {}),
      ...(options.idleTimeoutSeconds ? { idleTimeoutSeconds: options.idleTimeoutSeconds } : {}),
      ...(options.printer ? { printer: options.printer } : {}),
      kioskId: kiosk.id,
      hallId: kiosk.hallId,
      feedUrl: options.feedUrl,
      feedPublicKey: await deps.feedPublicKey(),
      pollIntervalSeconds: options.pollIntervalSeconds,
      staffPinHash: staffPinHash(options.staffPin),
      heartbeatToken: token,
    };
    const checked = v.safeParse(KioskConfigSchema, config);
    if (!checked.success) throw new WorkflowError('invalid', `生成的终端配置无效：${checked.issues[0]?.message}`);
    return checked.output;
  }

  function audit(user: User, action: string, kioskId: string, detail?: string) {
    return [{ actorId: user.id, actorName: user.username, action, targetType: 'kiosk', targetId: kioskId, detail: detail ?? null }];
  }

  return {
    /** A kiosk showing `code` receives its configuration and a new token (delivered once, over /api/kiosk/pairing). */
    async pair(user: User, input: v.InferOutput<typeof PairKioskInput>, pairing: PairingCodes) {
      const wait = pairing.retryAfterSeconds();
      if (wait > 0) throw new PairingDelay(wait);
      const checked = pairing.check(input.code);
      if (!checked.ok) {
        const message = {
          unknown: '配对码不正确：请核对查询机屏幕上的 8 位数字',
          expired: '配对码已过期：查询机屏幕上会显示新的配对码，请输入新码',
          used: '此配对码已经用过：每个配对码只能使用一次',
        }[checked.reason];
        await consoleStore.appendAudit(audit(user, 'kiosk.pair-refused', input.id, message));
        throw new WorkflowError('invalid', message, { problems: [{ field: 'code', message }] });
      }
      if (!(await content.getRecord('hall', input.hallId)))
        throw new WorkflowError('invalid', '大厅不存在', { problems: [{ field: 'hallId', message: '没有这个大厅' }] });
      const existing = await consoleStore.getKiosk(input.id);
      if (existing && !input.replace)
        throw new WorkflowError('invalid', '终端编号已存在', {
          problems: [{ field: 'id', message: '已被其他终端使用；要让新设备接替它，请选择“重新配对”' }],
        });
      const settings = { ...input, feedUrl: '/', pollIntervalSeconds: 30 };
      const token = randomToken();
      let kiosk: Kiosk;
      if (existing) {
        kiosk = { ...existing, hallId: input.hallId, name: input.name };
        const config = await buildConfig(kiosk, token, settings);
        await consoleStore.setKioskToken(kiosk.id, sha256Hex(token), audit(user, 'kiosk.pair', kiosk.id, `重新配对，大厅 ${input.hallId}`));
        pairing.fulfil(checked.code, config);
        return { kiosk, config: { ...config, heartbeatToken: undefined, staffPinHash: undefined } };
      }
      kiosk = {
        id: input.id,
        hallId: input.hallId,
        name: input.name,
        createdAt: deps.now().toISOString(),
        lastSeenAt: null,
        appVersion: null,
        cursor: null,
        storageUsed: null,
        storageQuota: null,
        lastError: null,
        onlineSince: null,
      };
      const config = await buildConfig(kiosk, token, settings);
      await consoleStore.createKiosk(kiosk, sha256Hex(token), audit(user, 'kiosk.pair', kiosk.id, `大厅 ${kiosk.hallId}`));
      pairing.fulfil(checked.code, config);
      // The console sees the settings, never the token or the PIN hash: only the kiosk receives those.
      return { kiosk, config: { ...config, heartbeatToken: undefined, staffPinHash: undefined } };
    },

    async register(user: User, input: v.InferOutput<typeof RegisterKioskInput>) {
      if (!(await content.getRecord('hall', input.hallId)))
        throw new WorkflowError('invalid', '大厅不存在', { problems: [{ field: 'hallId', message: '没有这个大厅' }] });
      if (await consoleStore.getKiosk(input.id))
        throw new WorkflowError('invalid', '终端编号已存在', { problems: [{ field: 'id', message: '已被其他终端使用' }] });
      const token = randomToken();
      const kiosk: Kiosk = {
        id: input.id,
        hallId: input.hallId,
        name: input.name,
        createdAt: deps.now().toISOString(),
        lastSeenAt: null,
        appVersion: null,
        cursor: null,
        storageUsed: null,
        storageQuota: null,
        lastError: null,
        onlineSince: null,
      };
      const config = await buildConfig(kiosk, token, input);
      await consoleStore.createKiosk(kiosk, sha256Hex(token), audit(user, 'kiosk.register', kiosk.id, `大厅 ${kiosk.hallId}`));
      return { kiosk, config };
    },

    /** A new token (and config) for a kiosk; the old token stops working at once. */
    async reissue(user: User, id: string, input: { staffPin: string; feedUrl: string; pollIntervalSeconds: number }) {
      const kiosk = await consoleStore.getKiosk(id);
      if (!kiosk) throw new WorkflowError('not-found', '终端不存在');
      const token = randomToken();
      const config = await buildConfig(kiosk, token, input);
      await consoleStore.setKioskToken(id, sha256Hex(token), audit(user, 'kiosk.reissue-token', id));
      return { kiosk, config };
    },

    async remove(user: User, id: string) {
      if (!(await consoleStore.getKiosk(id))) throw new WorkflowError('not-found', '终端不存在');
      await consoleStore.deleteKiosk(id, audit(user, 'kiosk.remove', id));
    },

    async authenticate(token: string): Promise<Kiosk | null> {
      if (!token || token.length > 200) return null;
      return consoleStore.kioskByTokenHash(sha256Hex(token));
    },

    /**
     * A cursor past the log's head is impossible (a bug or a forged beat): it is
     * kept at the head, so a kiosk never counts as holding publishes not yet made.
     */
    async heartbeat(kiosk: Kiosk, beat: Heartbeat) {
      const head = (await content.position()).seq;
      await consoleStore.recordHeartbeat(kiosk.id, deps.now().toISOString(), { ...beat, cursor: Math.min(beat.cursor, head) });
    },

    /** Every kiosk with last seen, lag behind the head of its hall's feed, and flags. */
    async status() {
      const now = deps.now().getTime();
      const kiosks = await consoleStore.listKiosks();
      const publications = await consoleStore.listPublications(500);
      const out = [];
      for (const k of kiosks) {
        const cursor = k.cursor ?? 0;
        const pending = await content.changesSince(cursor, 1000, k.hallId);
        const head = pending.changes.length ? pending.changes[pending.changes.length - 1]!.seq : cursor;
        const oldestPending = pending.changes[0];
        let pendingSinceMs: number | null = null;
        if (oldestPending) {
          const pub = publications.find((p) => p.fromSeq <= oldestPending.seq && oldestPending.seq <= p.toSeq);
          pendingSinceMs = pub ? Date.parse(pub.at) : oldestPending.op === 'put' ? Date.parse(oldestPending.record.updatedAt) : 0;
        }
        const unseen = k.lastSeenAt === null || now - Date.parse(k.lastSeenAt) > UNSEEN_AFTER_MS;
        const lagging = pendingSinceMs !== null && now - pendingSinceMs > LAG_GRACE_MS;
        out.push({
          ...k,
          head,
          pendingChanges: pending.changes.length,
          pendingMore: pending.hasMore,
          unseen,
          lagging,
          pendingSince: pendingSinceMs === null ? null : new Date(pendingSinceMs).toISOString(),
        });
      }
      return out;
    },

    /** How many kiosks that can see a publish have reported holding it. */
    async reach(publications: Publication[]) {
      const kiosks = await consoleStore.listKiosks();
      return publications.map((p) => {
        const global = p.scopes.includes('global');
        const halls = new Set(p.scopes.filter((s) => s.startsWith('hall:')).map((s) => s.slice(5)));
        const eligible = kiosks.filter((k) => global || halls.has(k.hallId));
        const reached = eligible.filter((k) => k.cursor !== null && k.cursor >= p.toSeq);
        return {
          ...p,
          eligible: eligible.length,
          reached: reached.length,
          notYet: eligible.filter((k) => !reached.includes(k)).map((k) => k.id),
        };
      });
    },
  };
}

export type Fleet = ReturnType<typeof createFleet>;
