/**
 * A kiosk's own configuration (kiosk-config/*.json). Validated on load; an
 * invalid config shows a staff-facing screen naming the problem.
 */
import * as v from 'valibot';
import { Id } from './content/common';
import { parsePublicUrl } from './public-url';

export const LANGUAGES = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const PRINTER_FORMATS = ['none', 'receipt-80mm', 'a4'] as const;

export const KioskConfigSchema = v.object({
  kioskId: Id,
  hallId: Id,
  /** Base URL of the feed, e.g. https://feed.example.gov.cn or / for the serving origin. */
  feedUrl: v.pipe(v.string(), v.minLength(1, 'feedUrl 不能为空')),
  /** Raw Ed25519 public key of the feed, base64 (44 characters). */
  feedPublicKey: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]{43}=$/, '必须是 32 字节 Ed25519 公钥的 base64 编码')),
  pollIntervalSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, '轮询间隔至少 1 秒'), v.maxValue(86400)), 30),
  /**
   * With no fresh signed head (feed v2) for this long, the kiosk shows its data age prominently and
   * reports it in its heartbeat: a frozen mirror or proxy cannot pass old content off as current. Default 3600.
   */
  staleAfterSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, '至少 1 秒'), v.maxValue(30 * 86400))),
  /** Longest wait for one feed or media answer before it counts as failed (a hung answer must not stop polling). Default 30. */
  requestTimeoutSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, '至少 1 秒'), v.maxValue(600))),
  idleTimeoutSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(20, '空闲超时至少 20 秒'), v.maxValue(3600)), 90),
  /**
   * Seconds the "still there?" warning counts down before the reset (WCAG 2.2.1 asks for at least 20);
   * absent means 20, and 30 in elder mode (see idleWarningSeconds()).
   */
  idleWarningSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(20, '空闲提醒至少 20 秒'), v.maxValue(600))),
  /** The same in elder mode: older residents need longer to read and reach the button. */
  idleWarningSecondsElder: v.optional(v.pipe(v.number(), v.integer(), v.minValue(20, '长辈模式空闲提醒至少 20 秒'), v.maxValue(600))),
  languages: v.optional(v.pipe(v.array(v.picklist(LANGUAGES, '不支持的界面语言')), v.minLength(1)), ['zh-Hans', 'zh-Hant', 'en']),
  /**
   * PBKDF2-SHA256, "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>": WebCrypto can check it offline.
   * Only ever sent over a kiosk's authenticated channel (pairing, heartbeat reply); the public
   * /kiosk-config/<id>.json leaves it out and such a kiosk asks the server to check the PIN.
   */
  staffPinHash: v.optional(
    v.pipe(v.string(), v.regex(/^pbkdf2-sha256\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, '必须是 pbkdf2-sha256$迭代次数$盐$哈希 格式')),
  ),
  theme: v.optional(v.picklist(['default', 'high-contrast'], "主题必须是 'default' 或 'high-contrast'"), 'default'),
  /**
   * Public address for QR codes (phones open <publicUrl>/m/guides/ID). Filled from the server's
   * PUBLIC_URL when the kiosk's own config has none; without either the kiosk shows no QR code.
   */
  publicUrl: v.optional(
    v.pipe(
      v.string(),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed) return;
        const parsed = parsePublicUrl(dataset.value);
        if (!parsed.ok) addIssue({ message: parsed.message });
      }),
    ),
  ),
  /** The kiosk's printer, if any: an 80 mm receipt printer or an A4 printer. 'none' (or absent) hides every print button. */
  printer: v.optional(v.picklist(PRINTER_FORMATS, "打印机必须是 'none'、'receipt-80mm' 或 'a4'")),
  /**
   * First and longest wait (ms) before the feedback outbox retries after a failed send (full-jitter
   * back-off between them). Defaults 2,000 and 300,000; shorter only for tests and labs.
   */
  feedbackRetryBaseMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10, '至少 10 毫秒'), v.maxValue(60_000))),
  feedbackRetryMaxMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100, '至少 100 毫秒'), v.maxValue(3_600_000))),
  /** Per-kiosk token for heartbeats (issued by the console's fleet view). */
  heartbeatToken: v.optional(v.string()),
  /** Elder mode (larger text and targets) as the default for each new visitor, e.g. at a village service point. */
  elderModeDefault: v.optional(v.boolean()),
  /** Version of the settings kept in the console; the heartbeat reply carries newer ones. Absent for file templates. */
  settingsVersion: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
export type KioskConfig = v.InferOutput<typeof KioskConfigSchema>;

/** The idle warning's countdown for this kiosk, in elder mode or not. */
export function idleWarningSeconds(config: Pick<KioskConfig, 'idleWarningSeconds' | 'idleWarningSecondsElder'>, elder: boolean): number {
  return elder ? (config.idleWarningSecondsElder ?? 30) : (config.idleWarningSeconds ?? 20);
}
