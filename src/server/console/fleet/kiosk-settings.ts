/**
 * A kiosk's settings as kept in the console after pairing: what staff may
 * change (hall, name, languages, idle time, printer, theme, elder mode default,
 * public address, poll interval, staleness limit, staff PIN) and how they
 * become the KioskConfig the kiosk receives over its authenticated channel
 * (pairing, heartbeat reply). The PIN is stored only as its slow salted hash.
 */
import * as v from 'valibot';
import { Id } from '../../../shared/content';
import { KioskConfigSchema, LANGUAGES, PRINTER_FORMATS, type KioskConfig } from '../../../shared/kiosk-config';
import { parsePublicUrl } from '../../../shared/public-url';
import type { Kiosk } from '../types';
import { WorkflowError } from '../workflow/errors';

/** The settings fields, each optional: an edit changes only what it names. */
export const KioskSettingsFields = {
  languages: v.optional(v.pipe(v.array(v.picklist(LANGUAGES, '不支持的界面语言')), v.minLength(1, '至少选择一种界面语言'))),
  idleTimeoutSeconds: v.optional(
    v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(20, '至少 20 秒'), v.maxValue(3600, '不超过 3600 秒')),
  ),
  printer: v.optional(v.picklist(PRINTER_FORMATS, "打印机必须是 'none'、'receipt-80mm' 或 'a4'")),
  theme: v.optional(v.picklist(['default', 'high-contrast'], "主题必须是 'default' 或 'high-contrast'")),
  elderModeDefault: v.optional(v.boolean('必须是是或否')),
  /** Empty: use the server's PUBLIC_URL. */
  publicUrl: v.optional(
    v.pipe(
      v.string('必须是文本'),
      v.trim(),
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed || dataset.value === '') return;
        const parsed = parsePublicUrl(dataset.value);
        if (!parsed.ok) addIssue({ message: parsed.message });
      }),
    ),
  ),
  pollIntervalSeconds: v.optional(
    v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(5, '至少 5 秒'), v.maxValue(3600, '不超过 3600 秒')),
  ),
  staleAfterSeconds: v.optional(
    v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(60, '至少 60 秒'), v.maxValue(30 * 86400, '不超过 30 天')),
  ),
};

export const StaffPin = v.pipe(v.string('必须是文本'), v.regex(/^\d{6,12}$/, '维护 PIN 为 6–12 位数字'));

/** PATCH /kiosks/:id: hall, name, any settings, and a new staff PIN if given. */
export const EditKioskInput = v.object({
  hallId: v.optional(Id),
  name: v.optional(v.pipe(v.string('名称必须是文本'), v.trim(), v.minLength(1, '不能为空'), v.maxLength(60, '不能超过 60 个字符'))),
  staffPin: v.optional(StaffPin),
  ...KioskSettingsFields,
});
export type EditKioskInput = v.InferOutput<typeof EditKioskInput>;

/** What is stored per kiosk (JSON); the PIN only as its hash. */
export interface KioskSettings {
  languages: KioskConfig['languages'];
  idleTimeoutSeconds: number;
  printer: NonNullable<KioskConfig['printer']>;
  theme: KioskConfig['theme'];
  elderModeDefault: boolean;
  publicUrl: string;
  pollIntervalSeconds: number;
  staleAfterSeconds: number | null;
  staffPinHash: string;
}

export const DEFAULT_SETTINGS: Omit<KioskSettings, 'staffPinHash'> = {
  languages: ['zh-Hans', 'zh-Hant', 'en'],
  idleTimeoutSeconds: 90,
  printer: 'none',
  theme: 'default',
  elderModeDefault: false,
  publicUrl: '',
  pollIntervalSeconds: 30,
  staleAfterSeconds: null,
};

/** The settings with every field given in `patch` applied (undefined fields keep their value). */
export function applySettings(
  current: Omit<KioskSettings, 'staffPinHash'>,
  patch: Partial<Record<keyof typeof KioskSettingsFields, unknown>>,
): Omit<KioskSettings, 'staffPinHash'> {
  const next: Record<string, unknown> = { ...current };
  for (const key of Object.keys(KioskSettingsFields)) {
    const value = (patch as Record<string, unknown>)[key];
    if (value !== undefined) next[key] = value;
  }
  return next as Omit<KioskSettings, 'staffPinHash'>;
}

/** Settings read back from the store, with defaults for fields added since they were written. */
export function storedSettings(raw: Record<string, unknown> | null | undefined): KioskSettings | null {
  if (!raw || typeof raw.staffPinHash !== 'string') return null;
  return { ...DEFAULT_SETTINGS, ...(raw as Partial<KioskSettings>), staffPinHash: raw.staffPinHash };
}

/** The names of the fields that differ, for the audit entry (never the PIN hash itself). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** The settings the console shows (no PIN hash). */
export function visibleSettings(settings: KioskSettings): Omit<KioskSettings, 'staffPinHash'> {
  const { staffPinHash: _hidden, ...rest } = settings;
  return rest;
}

/** The full configuration a kiosk receives (token and PIN hash included): only over its authenticated channel. */
export function kioskConfigFor(
  kiosk: Pick<Kiosk, 'id' | 'hallId'>,
  settings: KioskSettings,
  extra: { token: string; feedPublicKey: string; serverPublicUrl?: string; version: number },
): KioskConfig {
  const publicUrl = settings.publicUrl || extra.serverPublicUrl;
  const config = {
    kioskId: kiosk.id,
    hallId: kiosk.hallId,
    feedUrl: '/',
    feedPublicKey: extra.feedPublicKey,
    pollIntervalSeconds: settings.pollIntervalSeconds,
    ...(settings.staleAfterSeconds ? { staleAfterSeconds: settings.staleAfterSeconds } : {}),
    idleTimeoutSeconds: settings.idleTimeoutSeconds,
    languages: settings.languages,
    theme: settings.theme,
    printer: settings.printer,
    elderModeDefault: settings.elderModeDefault,
    ...(publicUrl ? { publicUrl } : {}),
    staffPinHash: settings.staffPinHash,
    heartbeatToken: extra.token,
    settingsVersion: extra.version,
  };
  const checked = v.safeParse(KioskConfigSchema, config);
  if (!checked.success) throw new WorkflowError('invalid', `生成的终端配置无效：${checked.issues[0]?.message}`);
  return checked.output;
}
