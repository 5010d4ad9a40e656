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
import type { KioskConfig } from '../../../shared/kiosk-config';
import { DEMO_KIOSK_TEMPLATES } from '../../demo/kiosk-templates';
import type { ContentStore } from '../../store/content-store';
import { randomToken, sha256Hex } from '../accounts/tokens';
import type { ConsoleStore } from '../console-store';
import type { Heartbeat, Kiosk, KioskActionKind, Publication, User } from '../types';
import {
  applySettings,
  changedFields,
  DEFAULT_SETTINGS,
  kioskConfigFor,
  KioskSettingsFields,
  StaffPin,
  storedSettings,
  visibleSettings,
  type EditKioskInput,
  type KioskSettings,
} from './kiosk-settings';
import type { ClaimRefusal, PairingCodes } from './pairing';
import { WorkflowError } from '../workflow/errors';

export const UNSEEN_AFTER_MS = 15 * 60_000;
/** A kiosk polling every 30 s should have a publish within this long; after it, it counts as lagging. */
export const LAG_GRACE_MS = 5 * 60_000;
const PIN_ITERATIONS = 150_000;

export const RegisterKioskInput = v.object({
  id: Id,
  hallId: Id,
  name: v.pipe(v.string('名称必须是文本'), v.trim(), v.minLength(1, '不能为空'), v.maxLength(60, '不能超过 60 个字符')),
  staffPin: StaffPin,
  feedUrl: v.optional(v.pipe(v.string(), v.minLength(1)), '/'),
  pollIntervalSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5, '至少 5 秒'), v.maxValue(3600, '不超过 3600 秒')), 30),
});

/**
 * Staff pair a kiosk: the code on its screen and the settings it should run with, optionally
 * starting from a template (fields given here win over the template's).
 */
export const PairKioskInput = v.object({
  code: v.pipe(v.string('配对码必须是文本'), v.trim(), v.minLength(1, '请输入查询机屏幕上的配对码'), v.maxLength(20, '配对码是 8 位数字')),
  id: Id,
  hallId: Id,
  name: v.pipe(v.string('名称必须是文本'), v.trim(), v.minLength(1, '不能为空'), v.maxLength(60, '不能超过 60 个字符')),
  templateId: v.optional(v.pipe(v.string('必须是文本'), v.maxLength(60))),
  ...KioskSettingsFields,
  staffPin: StaffPin,
  /** Pair again a kiosk already in the fleet (new device, wiped storage): its old token stops working. */
  replace: v.optional(v.boolean(), false),
});

export const ACTION_KINDS = [
  'reload',
  'resync',
  'clear-cache',
  'rebuild-index',
  'screenshot',
] as const satisfies readonly KioskActionKind[];

/** Screenshots: at most this many bytes per upload, this many kept per kiosk, none older than this. */
export const SCREENSHOT_MAX_BYTES = 1536 * 1024;
export const SCREENSHOTS_PER_KIOSK = 5;
export const SCREENSHOT_MAX_AGE_MS = 7 * 24 * 3600_000;
const SCREENSHOT_TYPES = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/webp': [0x52, 0x49, 0x46, 0x46], // RIFF…WEBP, checked below
} as const;

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
  /** When the kiosk's page started (uptime). */
  pageStartedAt: v.optional(v.nullable(Instant), null),
  /** Seconds since a fresh signed head confirmed the kiosk's content. */
  dataAgeSeconds: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))), null),
  storagePersisted: v.optional(v.nullable(v.boolean()), null),
  errorCount: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))), null),
  /** The settings version the kiosk runs with; an older one gets the current configuration in the reply. */
  settingsVersion: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))), null),
  /** Remote actions the kiosk carried out (or could not) since its last heartbeat. */
  acks: v.optional(
    v.pipe(
      v.array(
        v.object({
          id: v.pipe(v.number(), v.integer(), v.minValue(1)),
          ok: v.boolean(),
          detail: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(500))), null),
        }),
      ),
      v.maxLength(20),
    ),
    [],
  ),
});
export type HeartbeatBody = v.InferOutput<typeof HeartbeatInput>;

/** What the heartbeat answers: newer settings (as a whole configuration) and queued remote actions. */
export interface HeartbeatReply {
  settingsVersion: number | null;
  config?: KioskConfig;
  actions: { id: number; action: KioskActionKind }[];
}

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
  /** The server's PUBLIC_URL, for kiosks whose settings name no public address. */
  publicUrl?: string;
}

export function createFleet(deps: FleetDeps) {
  const { content, consoleStore } = deps;

  /** Stores the settings (next version) and returns the configuration the kiosk receives. */
  async function saveSettings(user: User, kiosk: Kiosk, settings: KioskSettings, token: string, auditEntries: ReturnType<typeof audit>) {
    const version = await consoleStore.saveKioskSettings(
      kiosk.id,
      { hallId: kiosk.hallId, name: kiosk.name },
      { ...settings },
      deps.now().toISOString(),
      auditEntries,
    );
    return kioskConfigFor(kiosk, settings, { token, feedPublicKey: await deps.feedPublicKey(), serverPublicUrl: deps.publicUrl, version });
  }

  function audit(user: User, action: string, kioskId: string, detail?: string) {
    return [{ actorId: user.id, actorName: user.username, action, targetType: 'kiosk', targetId: kioskId, detail: detail ?? null }];
  }

  /** The console's view of a configuration: never the token or the PIN hash. */
  const forConsole = (config: KioskConfig) => ({ ...config, heartbeatToken: undefined, staffPinHash: undefined });

  function newKiosk(id: string, hallId: string, name: string): Kiosk {
    return {
      id,
      hallId,
      name,
      createdAt: deps.now().toISOString(),
      lastSeenAt: null,
      appVersion: null,
      cursor: null,
      storageUsed: null,
      storageQuota: null,
      lastError: null,
      onlineSince: null,
    };
  }

  return {
    templates: () => DEMO_KIOSK_TEMPLATES,

    /** A kiosk showing `code` receives its configuration and a new token (delivered once, over /api/kiosk/pairing). */
    async pair(user: User, input: v.InferOutput<typeof PairKioskInput>, pairing: PairingCodes) {
      // Settings are checked before the code is tried: a typo in them must not use up a guess.
      const template = input.templateId ? DEMO_KIOSK_TEMPLATES.find((t) => t.id === input.templateId) : undefined;
      if (input.templateId && !template)
        throw new WorkflowError('invalid', '没有这个设置模板', { problems: [{ field: 'templateId', message: '没有这个设置模板' }] });
      const wait = await pairing.retryAfterSeconds();
      if (wait > 0) throw new PairingDelay(wait);
      const refused = async (reason: ClaimRefusal) => {
        const message = {
          unknown: '配对码不正确：请核对查询机屏幕上的 8 位数字',
          expired: '配对码已过期：查询机屏幕上会显示新的配对码，请输入新码',
          used: '此配对码已经用过：每个配对码只能使用一次',
        }[reason];
        await consoleStore.appendAudit(audit(user, 'kiosk.pair-refused', input.id, message));
        return new WorkflowError('invalid', message, { problems: [{ field: 'code', message }] });
      };
      const checked = await pairing.check(input.code);
      if (!checked.ok) throw await refused(checked.reason);
      if (!(await content.getRecord('hall', input.hallId)))
        throw new WorkflowError('invalid', '大厅不存在', { problems: [{ field: 'hallId', message: '没有这个大厅' }] });
      const existing = await consoleStore.getKiosk(input.id);
      if (existing && !input.replace)
        throw new WorkflowError('invalid', '终端编号已存在', {
          problems: [{ field: 'id', message: '已被其他终端使用；要让新设备接替它，请选择“重新配对”' }],
        });
      // Checked and free a moment ago; now taken for this pairing alone (staff on another server
      // process may be entering the same code at this moment).
      const claimed = await pairing.claim(checked.code);
      if (!claimed.ok) throw await refused(claimed.reason);
      const settings: KioskSettings = {
        ...applySettings(applySettings(DEFAULT_SETTINGS, template?.settings ?? {}), input),
        staffPinHash: staffPinHash(input.staffPin),
      };
      const token = randomToken();
      const detail = `${existing ? '重新配对，' : ''}大厅 ${input.hallId}${template ? `，模板 ${template.name}` : ''}`;
      let config: KioskConfig;
      let kiosk: Kiosk;
      try {
        if (existing) {
          kiosk = { ...existing, hallId: input.hallId, name: input.name };
          await consoleStore.setKioskToken(kiosk.id, sha256Hex(token));
        } else {
          kiosk = newKiosk(input.id, input.hallId, input.name);
          await consoleStore.createKiosk(kiosk, sha256Hex(token));
        }
        config = await saveSettings(user, kiosk, settings, token, audit(user, 'kiosk.pair', kiosk.id, detail));
      } catch (err) {
        await pairing.release(checked.code).catch(() => undefined);
        throw err;
      }
      await pairing.fulfil(checked.code, config);
      // The console sees the settings, never the token or the PIN hash: only the kiosk receives those.
      return { kiosk, config: forConsole(config) };
    },

    async register(user: User, input: v.InferOutput<typeof RegisterKioskInput>) {
      if (!(await content.getRecord('hall', input.hallId)))
        throw new WorkflowError('invalid', '大厅不存在', { problems: [{ field: 'hallId', message: '没有这个大厅' }] });
      if (await consoleStore.getKiosk(input.id))
        throw new WorkflowError('invalid', '终端编号已存在', { problems: [{ field: 'id', message: '已被其他终端使用' }] });
      const token = randomToken();
      const kiosk = newKiosk(input.id, input.hallId, input.name);
      const settings: KioskSettings = {
        ...applySettings(DEFAULT_SETTINGS, { pollIntervalSeconds: input.pollIntervalSeconds }),
        staffPinHash: staffPinHash(input.staffPin),
      };
      await consoleStore.createKiosk(kiosk, sha256Hex(token));
      const config = await saveSettings(user, kiosk, settings, token, audit(user, 'kiosk.register', kiosk.id, `大厅 ${kiosk.hallId}`));
      return { kiosk, config: { ...config, feedUrl: input.feedUrl } };
    },

    /** A new token (and config) for a kiosk; the old token stops working at once. */
    async reissue(user: User, id: string, input: { staffPin: string; feedUrl: string; pollIntervalSeconds: number }) {
      const kiosk = await consoleStore.getKiosk(id);
      if (!kiosk) throw new WorkflowError('not-found', '终端不存在');
      const current = storedSettings((await consoleStore.getKioskSettings(id))?.settings);
      const settings: KioskSettings = {
        ...applySettings(current ?? DEFAULT_SETTINGS, { pollIntervalSeconds: input.pollIntervalSeconds }),
        staffPinHash: staffPinHash(input.staffPin),
      };
      const token = randomToken();
      await consoleStore.setKioskToken(id, sha256Hex(token));
      const config = await saveSettings(user, kiosk, settings, token, audit(user, 'kiosk.reissue-token', id));
      return { kiosk, config: { ...config, feedUrl: input.feedUrl } };
    },

    /** A paired kiosk's settings as the console shows them (no PIN hash), with their version. */
    async settingsOf(id: string) {
      const kiosk = await consoleStore.getKiosk(id);
      if (!kiosk) throw new WorkflowError('not-found', '终端不存在');
      const stored = await consoleStore.getKioskSettings(id);
      const settings = storedSettings(stored?.settings);
      return {
        kiosk,
        settings: settings ? visibleSettings(settings) : null,
        version: stored?.version ?? null,
        updatedAt: stored?.updatedAt ?? null,
      };
    },

    /**
     * Staff change a kiosk's settings: stored with the next version and audited with the fields
     * changed; the kiosk receives them in its next heartbeat reply and applies them when idle.
     */
    async updateSettings(user: User, id: string, input: EditKioskInput) {
      const kiosk = await consoleStore.getKiosk(id);
      if (!kiosk) throw new WorkflowError('not-found', '终端不存在');
      const current = storedSettings((await consoleStore.getKioskSettings(id))?.settings);
      if (!current && !input.staffPin)
        throw new WorkflowError('invalid', '此终端还没有在控制台保存的设置：请同时设置维护 PIN', {
          problems: [{ field: 'staffPin', message: '首次保存设置时必须设置维护 PIN' }],
        });
      if (input.hallId && input.hallId !== kiosk.hallId && !(await content.getRecord('hall', input.hallId)))
        throw new WorkflowError('invalid', '大厅不存在', { problems: [{ field: 'hallId', message: '没有这个大厅' }] });
      const base = current ?? { ...DEFAULT_SETTINGS, staffPinHash: '' };
      const next: KioskSettings = {
        ...applySettings(base, input),
        staffPinHash: input.staffPin ? staffPinHash(input.staffPin) : base.staffPinHash,
      };
      const nextKiosk = { ...kiosk, hallId: input.hallId ?? kiosk.hallId, name: input.name ?? kiosk.name };
      const changed = [
        ...changedFields({ hallId: kiosk.hallId, name: kiosk.name }, { hallId: nextKiosk.hallId, name: nextKiosk.name }),
        ...changedFields(visibleSettings(base), visibleSettings(next)),
        ...(input.staffPin ? ['staffPin'] : []),
      ];
      if (changed.length === 0) return { ...(await this.settingsOf(id)), changed };
      const version = await consoleStore.saveKioskSettings(
        id,
        { hallId: nextKiosk.hallId, name: nextKiosk.name },
        { ...next },
        deps.now().toISOString(),
        audit(user, 'kiosk.settings', id, `修改：${changed.join('、')}`),
      );
      return { kiosk: nextKiosk, settings: visibleSettings(next), version, updatedAt: deps.now().toISOString(), changed };
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
    async heartbeat(kiosk: Kiosk, beat: HeartbeatBody, token: string): Promise<HeartbeatReply> {
      const head = (await content.position()).seq;
      const at = deps.now().toISOString();
      const heartbeat: Heartbeat = {
        appVersion: beat.appVersion,
        cursor: Math.min(beat.cursor, head),
        storageUsed: beat.storageUsed,
        storageQuota: beat.storageQuota,
        lastError: beat.lastError,
        onlineSince: beat.onlineSince,
      };
      await consoleStore.recordHeartbeat(kiosk.id, at, heartbeat);
      await consoleStore.recordKioskReport(kiosk.id, {
        dataAgeSeconds: beat.dataAgeSeconds,
        storagePersisted: beat.storagePersisted,
        errorCount: beat.errorCount,
        settingsVersion: beat.settingsVersion,
        pageStartedAt: beat.pageStartedAt,
        at,
      });
      // Acknowledgements: only for this kiosk's own delivered actions.
      if (beat.acks.length) {
        const delivered = await consoleStore.listKioskActions({ kioskId: kiosk.id, states: ['delivered'], limit: 100 });
        for (const ack of beat.acks) {
          if (!delivered.some((a) => a.id === ack.id)) continue;
          await consoleStore.setKioskActionState(ack.id, ack.ok ? 'done' : 'failed', at, ack.detail);
        }
      }
      const queued = (await consoleStore.listKioskActions({ kioskId: kiosk.id, states: ['queued'], limit: 20 })).reverse();
      for (const action of queued) await consoleStore.setKioskActionState(action.id, 'delivered', at);
      const reply: HeartbeatReply = { settingsVersion: null, actions: queued.map((a) => ({ id: a.id, action: a.action })) };
      const stored = await consoleStore.getKioskSettings(kiosk.id);
      const settings = storedSettings(stored?.settings);
      if (stored && settings) {
        reply.settingsVersion = stored.version;
        if (beat.settingsVersion !== stored.version)
          reply.config = kioskConfigFor(kiosk, settings, {
            token,
            feedPublicKey: await deps.feedPublicKey(),
            serverPublicUrl: deps.publicUrl,
            version: stored.version,
          });
      }
      return reply;
    },

    /** Queues a remote action; the kiosk receives it in its next heartbeat reply. */
    async queueAction(user: User, id: string, action: KioskActionKind) {
      if (!(await consoleStore.getKiosk(id))) throw new WorkflowError('not-found', '终端不存在');
      return consoleStore.queueKioskAction(
        { kioskId: id, action, createdAt: deps.now().toISOString(), createdBy: user.username },
        audit(user, 'kiosk.action', id, action),
      );
    },

    actions: (kioskId?: string) => consoleStore.listKioskActions({ kioskId, limit: kioskId ? 50 : 200 }),

    /**
     * A kiosk uploads the picture a screenshot action asked for (its own delivered action, once);
     * the action is done with the picture's size. Older pictures beyond the retention are deleted.
     */
    async saveScreenshot(
      kiosk: Kiosk,
      actionId: number,
      upload: { type: string; bytes: Uint8Array; width: number | null; height: number | null },
    ) {
      const delivered = await consoleStore.listKioskActions({ kioskId: kiosk.id, states: ['delivered'], limit: 100 });
      const action = delivered.find((a) => a.id === actionId);
      if (!action || action.action !== 'screenshot')
        throw new WorkflowError('not-found', 'no screenshot action of this kiosk is waiting for a picture');
      const magic = SCREENSHOT_TYPES[upload.type as keyof typeof SCREENSHOT_TYPES];
      const webpOk = upload.type !== 'image/webp' || String.fromCharCode(...upload.bytes.subarray(8, 12)) === 'WEBP';
      if (!magic || !magic.every((b, i) => upload.bytes[i] === b) || !webpOk)
        throw new WorkflowError('invalid', 'the body is not a JPEG, PNG or WebP image of the type named in Content-Type');
      const now = deps.now();
      const shot = await consoleStore.saveKioskScreenshot(
        { kioskId: kiosk.id, actionId, takenAt: now.toISOString(), type: upload.type, width: upload.width, height: upload.height },
        upload.bytes,
        { perKiosk: SCREENSHOTS_PER_KIOSK, olderThan: new Date(now.getTime() - SCREENSHOT_MAX_AGE_MS).toISOString() },
      );
      const size = `${Math.max(1, Math.round(upload.bytes.byteLength / 1024))} KB`;
      await consoleStore.setKioskActionState(
        actionId,
        'done',
        now.toISOString(),
        `截图已上传（${upload.width && upload.height ? `${upload.width}×${upload.height}，` : ''}${size}）`,
      );
      return shot;
    },

    /** A kiosk's kept screenshots, newest first (no bytes). */
    async screenshots(kioskId: string) {
      if (!(await consoleStore.getKiosk(kioskId))) throw new WorkflowError('not-found', '终端不存在');
      return consoleStore.listKioskScreenshots(kioskId, SCREENSHOTS_PER_KIOSK);
    },

    screenshot: (id: number) => consoleStore.getKioskScreenshot(id),

    /** Every kiosk with last seen, lag behind the head of its hall's feed, and flags. */
    async status() {
      const now = deps.now().getTime();
      const kiosks = await consoleStore.listKiosks();
      const publications = await consoleStore.listPublications(500);
      const reports = await consoleStore.listKioskReports();
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
        const report = reports.get(k.id);
        const saved = await consoleStore.getKioskSettings(k.id);
        const stored = storedSettings(saved?.settings);
        const settingsVersion = saved?.version ?? null;
        out.push({
          ...k,
          dataAgeSeconds: report?.dataAgeSeconds ?? null,
          storagePersisted: report?.storagePersisted ?? null,
          errorCount: report?.errorCount ?? null,
          /** Version of the settings the kiosk last said it runs with, against the console's. */
          runningSettingsVersion: report?.settingsVersion ?? null,
          settingsVersion,
          staleAfterSeconds: stored?.staleAfterSeconds ?? null,
          head,
          pendingChanges: pending.changes.length,
          pendingMore: pending.hasMore,
          unseen,
          lagging,
          pendingSince: pendingSinceMs === null ? null : new Date(pendingSinceMs).toISOString(),
          /** How long the oldest publish this kiosk lacks has been out (null: it holds the head). */
          lagSeconds: pendingSinceMs === null ? null : Math.max(0, Math.round((now - pendingSinceMs) / 1000)),
          /** When the kiosk's page started, and how long it had been running at its last contact. */
          pageStartedAt: report?.pageStartedAt ?? null,
          uptimeSeconds:
            report?.pageStartedAt && k.lastSeenAt
              ? Math.max(0, Math.round((Date.parse(k.lastSeenAt) - Date.parse(report.pageStartedAt)) / 1000))
              : null,
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
