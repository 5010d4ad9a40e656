/**
 * Query parameter parsing for the feed: strict, so a typo gives a 400 that
 * names the parameter and the rule instead of a silently different page.
 */
import { ID_PATTERN } from '../../shared/content';
import type { FeedErrorBody } from '../../shared/feed/protocol';

export class BadParameter extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'BadParameter';
  }

  toBody(): FeedErrorBody {
    return { error: 'invalid-parameter', parameter: this.parameter, message: this.message };
  }
}

const DIGITS = /^(0|[1-9][0-9]{0,15})$/;

/** A non-negative integer without sign, decimals, exponent or leading zeros. */
export function integerParam(name: string, raw: string | undefined, rule: { min: number; max: number; fallback?: number }): number {
  if (raw === undefined) {
    if (rule.fallback !== undefined) return rule.fallback;
    throw new BadParameter(name, `${name} is required: a whole number from ${rule.min} to ${rule.max}`);
  }
  const value = DIGITS.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < rule.min || value > rule.max) {
    throw new BadParameter(name, `${name} must be a whole number from ${rule.min} to ${rule.max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** The optional hall id: absent means the whole feed (a mirror). */
export function hallParam(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!ID_PATTERN.test(raw)) {
    throw new BadParameter(
      'hall',
      `hall must be a hall id: lower-case letters, digits, - and _, at most 80 characters (got ${JSON.stringify(raw)})`,
    );
  }
  return raw;
}
