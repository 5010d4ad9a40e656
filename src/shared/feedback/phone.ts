/**
 * A callback phone a resident may leave: a mainland mobile (11 digits, 1[3-9]…)
 * or a landline with its area code (0xx-xxxxxxxx, the dash optional).
 * Spaces and dashes typed on the keypad are dropped before checking.
 */
export function normalisePhone(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function isPhoneNumber(input: string): boolean {
  const digits = normalisePhone(input);
  return /^1[3-9]\d{9}$/.test(digits) || /^0\d{2,3}\d{7,8}$/.test(digits);
}

/** 138****5678 / 0571****4567: the middle hidden, enough left to recognise a call. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = normalisePhone(phone);
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
