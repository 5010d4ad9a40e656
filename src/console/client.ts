/**
 * The console's typed API client: Hono's `hc` over the server's own route
 * types (ConsoleApi), so a changed route or answer is a type error here, not a
 * surprise in the browser. Every request carries the session cookie, every change
 * the CSRF header; a 401 (except from sign-in and setup) calls whenUnauthenticated,
 * anything else not 2xx throws ApiError carrying the server's body.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { ConsoleApi } from '../server/console/mount';
import { ApiError } from './api-error';

let csrfToken = '';
let onUnauthenticated: () => void = () => {};

/** The session's CSRF token (from sign-in or the session route): every change carries it, the server refuses changes without it. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

/** What to do when the session has ended (a 401 outside sign-in): the app shows the sign-in page. */
export function whenUnauthenticated(fn: () => void) {
  onUnauthenticated = fn;
}

const consoleFetch: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') headers.set('X-CSRF-Token', csrfToken);
  return fetch(input, { ...init, headers, credentials: 'same-origin' });
};

export const client = hc<ConsoleApi>('/api/console', { fetch: consoleFetch });

type AnyResponse = ClientResponse<unknown, number, 'json' | 'text' | string>;
/** The body of the route's 2xx answers (its error answers arrive as ApiError). */
type Ok<R> = R extends ClientResponse<infer T, infer S, string> ? (S extends SuccessStatusCode ? T : never) : never;

async function failure(res: Response | AnyResponse): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let body: ApiError['body'];
  try {
    body = text ? (JSON.parse(text) as ApiError['body']) : {};
  } catch {
    body = { message: `服务器返回了无法识别的内容（HTTP ${res.status}）` };
  }
  // A refused sign-in (wrong password, spent setup link) is not a session that ended.
  if (res.status === 401 && !/\/api\/console\/(login|setup)(\/|\?|$)/.test(new URL(res.url, location.href).pathname)) onUnauthenticated();
  return new ApiError(res.status, body ?? {});
}

/** Sends a typed request and answers its JSON body; a refusal throws ApiError. */
export async function call<R extends AnyResponse>(request: Promise<R>): Promise<Ok<R>> {
  const res = await request;
  if (!res.ok) throw await failure(res);
  return (await res.json()) as Ok<R>;
}

/** Sends a typed request whose answer is a file, and saves it under fileName. */
export async function download(request: Promise<AnyResponse>, fileName: string): Promise<void> {
  const res = await request;
  if (!res.ok) throw await failure(res);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What a client method answers when it succeeds: `Answer<typeof client.drafts[':id']['$get']>`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any argument list: only the answer matters here
export type Answer<F extends (...args: any[]) => Promise<AnyResponse>> = Ok<Awaited<ReturnType<F>>>;

/** Path parameters, encoded: hc puts them into the path as given (a record id may hold any character). */
export function params<T extends Record<string, string>>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)])) as T;
}
