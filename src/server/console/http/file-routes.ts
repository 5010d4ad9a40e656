/** Uploads (portraits, form templates) and CSV/XLSX import and export. */
import { Hono } from 'hono';
import type { ContentStore } from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import { isImportable } from '../imports/columns';
import { exportRecords, importRecords, type FileFormat, type ImportOptions } from '../imports/import-service';
import { MAX_UPLOAD_BYTES, normaliseUpload, type UploadPurpose } from '../media/normalise';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';

async function uploadedFile(c: { req: { parseBody: () => Promise<Record<string, unknown>>; header: (n: string) => string | undefined } }) {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_UPLOAD_BYTES + 64 * 1024)
    throw new WorkflowError('invalid', '文件过大', { problems: [{ field: 'file', message: '不能超过 10 MB' }] });
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new WorkflowError('bad-request', '请求必须是 multipart/form-data，文件字段名为 file');
  }
  const file = body.file;
  if (!(file instanceof File)) throw new WorkflowError('invalid', '没有收到文件', { problems: [{ field: 'file', message: '请选择文件' }] });
  return { file, bytes: new Uint8Array(await file.arrayBuffer()), fields: body };
}

function formatOf(value: string | undefined, fileName = ''): FileFormat {
  const f = value ?? (fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : fileName.toLowerCase().endsWith('.csv') ? 'csv' : undefined);
  if (f !== 'csv' && f !== 'xlsx') throw new WorkflowError('bad-request', "format: 必须是 'csv' 或 'xlsx'");
  return f;
}

export function fileRoutes(deps: { content: ContentStore; consoleStore: ConsoleStore; now: () => Date; imports?: ImportOptions }) {
  const app = new Hono<ConsoleEnv>();

  app.post('/media', async (c) => {
    const { bytes, fields } = await uploadedFile(c);
    const purpose = fields.purpose;
    if (purpose !== 'portrait' && purpose !== 'form') throw new WorkflowError('bad-request', "purpose: 必须是 'portrait' 或 'form'");
    const normalised = await normaliseUpload(bytes, purpose as UploadPurpose);
    const ref = await deps.content.putMedia(normalised.bytes, normalised.type);
    const user = c.get('user');
    await deps.consoleStore.appendAudit([
      {
        actorId: user.id,
        actorName: user.username,
        action: 'media.upload',
        targetType: 'media',
        targetId: ref.sha256,
        detail: `${purpose}, ${ref.type}, ${ref.size} B`,
      },
    ]);
    return c.json({ media: ref }, 201);
  });

  app.get('/export/:type', async (c) => {
    const type = c.req.param('type');
    if (!isImportable(type)) throw new WorkflowError('not-found', '此类型不支持导出');
    const format = formatOf(c.req.query('format') ?? 'csv');
    const { bytes, contentType } = await exportRecords(deps.content, type, format, {
      ...(c.req.query('departmentId') ? { departmentId: c.req.query('departmentId') } : {}),
      ...(c.req.query('hallId') ? { hallId: c.req.query('hallId') } : {}),
    });
    c.header('Content-Type', contentType);
    c.header('Content-Disposition', `attachment; filename="${type}-${deps.now().toISOString().slice(0, 10)}.${format}"`);
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  app.post('/import/:type', async (c) => {
    const type = c.req.param('type');
    if (!isImportable(type)) throw new WorkflowError('not-found', '此类型不支持导入');
    const { file, bytes, fields } = await uploadedFile(c);
    const format = formatOf(typeof fields.format === 'string' && fields.format ? fields.format : undefined, file.name);
    const result = await importRecords(deps, c.get('user'), type, format, bytes, deps.imports);
    return c.json(
      {
        batchId: result.batchId,
        created: result.created,
        changed: result.changed,
        unchanged: result.unchanged,
        draftIds: result.drafts.map((d) => d.id),
      },
      result.batchId ? 201 : 200,
    );
  });

  return app;
}
