/**
 * The untyped console API client (JSON in and out, the session cookie and the CSRF
 * header on every change), for modules not yet moved to the typed client (client.ts).
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: {
      error?: string;
      message?: string;
      problems?: FieldProblem[];
      rows?: { row: number; column: string; message: string }[];
      yours?: any;
      theirs?: any;
      draftId?: string;
    },
  ) {
    super(body.message ?? `HTTP ${status}`);
  }
}

let csrfToken = '';
let onUnauthenticated: () => void = () => {};

export function setCsrfToken(token: string) {
  csrfToken = token;
}

export function whenUnauthenticated(fn: () => void) {
  onUnauthenticated = fn;
}

/** The session has ended (a 401 outside sign-in): the app shows the sign-in page. */
export function unauthenticated() {
  onUnauthenticated();
}

/** Every change carries the session's CSRF token (the server refuses changes without it). */
export function csrfHeader(method: string): Record<string, string> {
  return method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD' ? {} : { 'X-CSRF-Token': csrfToken };
}

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const isForm = body instanceof FormData;
  const res = await fetch(`/api/console${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      ...(method !== 'GET' ? { 'X-CSRF-Token': csrfToken } : {}),
      ...(body !== undefined && !isForm ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? (method === 'GET' ? undefined : '{}') : isForm ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { message: `服务器返回了无法识别的内容（HTTP ${res.status}）` };
  }
  if (res.status === 401 && !path.startsWith('/login') && !path.startsWith('/setup')) onUnauthenticated();
  if (!res.ok) throw new ApiError(res.status, parsed ?? {});
  return parsed as T;
}
