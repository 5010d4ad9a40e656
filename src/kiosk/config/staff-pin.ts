/**
 * Checks the staff PIN offline against config.staffPinHash
 * ("pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>") with WebCrypto PBKDF2-SHA256.
 */

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Compares without an early exit, so timing does not reveal how much of a guess was right. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export async function verifyStaffPin(pin: string, staffPinHash: string): Promise<boolean> {
  const [scheme, iterationsText, saltB64, hashB64, ...rest] = staffPinHash.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterationsText || !saltB64 || !hashB64 || rest.length > 0) return false;
  const iterations = Number(iterationsText);
  if (!Number.isSafeInteger(iterations) || iterations < 1) return false;
  let salt: Uint8Array<ArrayBuffer>;
  let expected: Uint8Array<ArrayBuffer>;
  try {
    salt = fromBase64(saltB64);
    expected = fromBase64(hashB64);
  } catch {
    return false;
  }
  if (expected.length === 0) return false;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, expected.length * 8);
  return constantTimeEqual(new Uint8Array(bits), expected);
}

/**
 * A kiosk started from a public template has no PIN hash (the public config
 * leaves it out): the server checks the PIN, and limits wrong ones per kiosk.
 * 'offline' when the server cannot be asked (not a wrong PIN).
 */
export async function checkStaffPinOnServer(
  pin: string,
  kioskId: string,
  origin: string,
  fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<boolean | 'offline'> {
  try {
    const res = await fetchFn(new URL(`/kiosk-config/${kioskId}/staff-pin`, origin).toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pin }),
      cache: 'no-store',
    });
    if (res.ok) return ((await res.json()) as { ok?: unknown }).ok === true;
    return res.status === 403 || res.status === 429 || res.status === 400 ? false : 'offline';
  } catch {
    return 'offline';
  }
}
