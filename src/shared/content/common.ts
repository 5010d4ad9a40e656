/**
 * Building blocks shared by every content schema.
 *
 * Rule messages are in Chinese because staff read them in the console; the
 * field path (English, from the schema keys) is prefixed by formatIssues().
 */
import * as v from 'valibot';

export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,79}$/;
export const Id = v.pipe(v.string('必须是文本'), v.regex(ID_PATTERN, '只能由小写字母、数字、- 和 _ 组成，最长 80 个字符'));

export const NonEmptyText = (max = 200) =>
  v.pipe(v.string('必须是文本'), v.trim(), v.minLength(1, '不能为空'), v.maxLength(max, `不能超过 ${max} 个字符`));

export const OptionalText = (max = 2000) => v.optional(v.pipe(v.string('必须是文本'), v.maxLength(max, `不能超过 ${max} 个字符`)), '');

/** An instant with an explicit offset: times always carry their timezone. */
export const Instant = v.pipe(
  v.string('必须是带时区的时间'),
  v.regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/,
    '必须是带时区的 ISO 8601 时间，例如 2027-01-01T00:00:00+08:00',
  ),
  v.check((s) => !Number.isNaN(Date.parse(s)), '不是有效的时间'),
);

/** A calendar date in a hall's own timezone (used only where the hall gives the zone). */
export const LocalDate = v.pipe(
  v.string('必须是日期'),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, '必须是 YYYY-MM-DD 格式的日期'),
  v.check((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '不是有效的日期'),
);

/** Wall-clock time of day, 24:00 allowed as an end of day. */
export const TimeOfDay = v.pipe(v.string('必须是时间'), v.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '必须是 HH:MM 格式（00:00–24:00）'));

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const Weekday = v.pipe(
  v.number('必须是数字'),
  v.integer('必须是整数'),
  v.minValue(1, '星期应为 1（周一）到 7（周日）'),
  v.maxValue(7, '星期应为 1（周一）到 7（周日）'),
);

export const Fen = v.pipe(
  v.number('金额必须是数字'),
  v.integer('金额必须是整数（单位：分）'),
  v.minValue(0, '金额不能为负数'),
  v.maxValue(100_000_000_000, '金额过大'),
);

export const Count = (max = 99) =>
  v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(0, '不能为负数'), v.maxValue(max, `不能超过 ${max}`));

export const Phone = v.pipe(v.string('必须是文本'), v.trim(), v.regex(/^[0-9+\-() ]{3,30}$/, '电话号码只能包含数字、空格、+、- 和括号'));

export const IanaTimeZone = v.pipe(
  v.string('必须是时区名称'),
  v.check((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return tz.includes('/') || tz === 'UTC';
    } catch {
      return false;
    }
  }, '必须是 IANA 时区名称，例如 Asia/Shanghai'),
);

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** A media file, content-addressed: served at /media/{sha256}. */
export const MediaRef = v.object({
  sha256: v.pipe(v.string(), v.regex(SHA256_PATTERN, '必须是 64 位小写十六进制 SHA-256')),
  type: v.picklist(['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml', 'application/pdf'], '不支持的媒体类型'),
  size: v.pipe(v.number(), v.integer(), v.minValue(1, '文件不能为空'), v.maxValue(20 * 1024 * 1024, '文件不能超过 20 MB')),
  alt: OptionalText(200),
});
export type MediaRef = v.InferOutput<typeof MediaRef>;

/** 'global' is seen by every kiosk; 'hall:<id>' only by that hall's kiosks. */
export const Scope = v.pipe(
  v.string('必须是文本'),
  v.regex(/^(global|hall:[a-z0-9][a-z0-9_-]{0,79})$/, "必须是 'global' 或 'hall:<大厅编号>'"),
);
export type Scope = string;

/** The hall a scope names ('hall:<id>'), or null for a global record. */
export function scopeHallId(scope: Scope): string | null {
  return scope.startsWith('hall:') ? scope.slice(5) : null;
}

/** Fields every record carries, whatever its type. */
export const RecordEnvelope = {
  id: Id,
  version: v.pipe(v.number('必须是数字'), v.integer('必须是整数'), v.minValue(1, '版本号从 1 开始')),
  updatedAt: Instant,
  scope: Scope,
};

/**
 * An English name for English mode. Optional and without a default, so records
 * written before the field existed stay valid and typed as they were.
 */
export const EnglishName = (max = 160) =>
  v.optional(
    v.pipe(
      v.string('必须是文本'),
      v.trim(),
      v.maxLength(max, `不能超过 ${max} 个字符`),
      v.check((s) => !/[\u3400-\u9fff]/.test(s), '英文名称不能包含汉字'),
    ),
  );

export const PhoneEntry = v.object({ label: NonEmptyText(40), number: Phone });
export type PhoneEntry = v.InferOutput<typeof PhoneEntry>;
