import type { Context } from 'hono';
import * as v from 'valibot';
import { toProblems } from '../../../shared/content';
import { WorkflowError } from '../workflow/errors';

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
