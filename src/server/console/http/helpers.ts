import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import { isRecordType, toProblems, type RecordType } from '../../../shared/content';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';

export async function readJson(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) throw new WorkflowError('bad-request', '请求体必须是 JSON（Content-Type: application/json）');
  try {
    const body = await c.req.json();
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error();
    return body as Record<string, unknown>;
  } catch {
    throw new WorkflowError('bad-request', '请求体不是有效的 JSON 对象');
  }
}

export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: false });
  if (!result.success) throw new WorkflowError('invalid', '输入有误，请修改标出的字段', { problems: toProblems(result.issues) });
  return result.output;
}

/**
 * Route input checked with a valibot schema (a 422 naming each bad field). The
 * typed client (hc) is asked for the schema's input (defaults may be left out);
 * the handler gets its output.
 */
type Checked<T extends 'json' | 'query' | 'form', S extends v.GenericSchema> = MiddlewareHandler<
  ConsoleEnv,
  string,
  { in: { [K in T]: v.InferInput<S> }; out: { [K in T]: v.InferOutput<S> } }
>;
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * The body must say it is JSON and be JSON: otherwise a 400 that says so (hono's validator
 * would check a missing or other Content-Type as an empty object, and throws on a broken body).
 */
export const jsonInput = <S extends v.GenericSchema>(schema: S): Checked<'json', S> => {
  const check = validator('json', (value) => parseInput(schema, value)) as Checked<'json', S>;
  return (async (c, next) => {
    if (!JSON_TYPE.test(c.req.header('content-type') ?? ''))
      throw new WorkflowError('bad-request', '请求体必须是 JSON（Content-Type: application/json）');
    try {
      return await check(c, next);
    } catch (err) {
      if (err instanceof HTTPException && err.status === 400) throw new WorkflowError('bad-request', '请求体不是有效的 JSON 对象');
      throw err;
    }
  }) as Checked<'json', S>;
};
export const queryInput = <S extends v.GenericSchema>(schema: S): Checked<'query', S> =>
  validator('query', (value) => parseInput(schema, value)) as Checked<'query', S>;

/** `:type` in the path is a known record type; anything else is "not found", as an unknown path would be. */
export function recordTypeOf(value: string): RecordType {
  if (!isRecordType(value)) throw new WorkflowError('not-found', `未知的内容类型：${value}`);
  return value;
}

/**
 * Tells the typed client a JSON body's shape without checking it here: for routes
 * that read and check their body themselves (readJson + parseInput, a 400 for a
 * body that is not a JSON object), so their answers stay exactly as they were.
 */
export const jsonShape = <S extends v.GenericSchema>(_schema: S): Checked<'json', S> =>
  (async (_c, next) => {
    await next();
  }) as Checked<'json', S>;
