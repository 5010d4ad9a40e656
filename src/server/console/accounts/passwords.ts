/** scrypt password hashes: "scrypt$N$r$p$<salt b64>$<hash b64>", checked in constant time. */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score 3: "safely unguessable", about 10^8 guesses or more. */
export const MIN_PASSWORD_SCORE = 3;

// Built once: the common-password and keyboard-pattern lists are large.
let estimator: ZxcvbnFactory | null = null;
const strengthEstimator = () => (estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A reason the password is too weak, in Chinese, or null when it is acceptable:
 * a minimum length, then zxcvbn's estimate of how many guesses it takes (common
 * passwords, keyboard runs, repeats, dates, and the person's own name count against it).
 */
export function passwordProblem(password: string, username: string, otherInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`;
  if (password.length > 200) return '密码不能超过 200 个字符';
  if (password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  const result = strengthEstimator().check(password, [username, ...otherInputs.filter(Boolean)]);
  if (result.score < MIN_PASSWORD_SCORE) {
    return '密码太容易被猜到（如常见密码、键盘顺序、重复或连续的字符、日期）。请用几个不相关的词或更长的句子';
  }
  return null;
}

/** A hash of a random password nobody knows: used to make failed logins for unknown users take as long as real ones. */
export const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
