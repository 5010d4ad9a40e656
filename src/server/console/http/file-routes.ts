/** Uploads (portraits, form templates) and CSV/XLSX import and export. */
import { Hono } from 'hono';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import type { ContentStore } from '../../store/content-store';
import type { ConsoleStore } from '../console-store';
import { isImportable } from '../imports/columns';
import { exportRecords, importRecords, type FileFormat, type ImportOptions } from '../imports/import-service';
import { MAX_UPLOAD_BYTES, normaliseUpload } from '../media/normalise';
import { WorkflowError } from '../workflow/errors';
import type { ConsoleEnv } from './env';
import { parseInput, queryInput } from './helpers';

const UploadedFile = v.pipe(v.instance(File, '请选择文件'), v.maxSize(MAX_UPLOAD_BYTES, '不能超过 10 MB'));
const MediaForm = v.object({ file: UploadedFile, purpose: v.picklist(['portrait', 'form'], "必须是 'portrait' 或 'form'") });
const ImportForm = v.object({ file: UploadedFile, format: v.optional(v.picklist(['csv', 'xlsx', ''], "必须是 'csv' 或 'xlsx'")) });
const ExportQuery = v.object({
  format: v.optional(v.picklist(['csv', 'xlsx'], "必须是 'csv' 或 'xlsx'"), 'csv'),
  departmentId: v.optional(v.string()),
  hallId: v.optional(v.string()),
});

/** A multipart upload: refused early (before reading it) when the declared length is already too much. */
const uploadForm = <S extends v.GenericSchema>(schema: S) =>
  validator('form', (value, c): v.InferOutput<S> => {
    if (Number(c.req.header('content-length') ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024)
      throw new WorkflowError('invalid', '文件过大', { problems: [{ field: 'file', message: '不能超过 10 MB' }] });
    return parseInput(schema, value);
  });

function formatOf(value: string | undefined, fileName: string): FileFormat {
  const f = value || (fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : fileName.toLowerCase().endsWith('.csv') ? 'csv' : undefined);
  if (f !== 'csv' && f !== 'xlsx') throw new WorkflowError('bad-request', "format: 必须是 'csv' 或 'xlsx'");
  return f;
}

const importableType = (type: string) => {
  if (!isImportable(type)) throw new WorkflowError('not-found', '此类型不支持导入或导出');
  return type;
};

export function fileRoutes(deps: { content: ContentStore; consoleStore: ConsoleStore; now: () => Date; imports?: ImportOptions }) {
  return new Hono<ConsoleEnv>()
    .post('/media', uploadForm(MediaForm), async (c) => {
      const { file, purpose } = c.req.valid('form');
      const normalised = await normaliseUpload(new Uint8Array(await file.arrayBuffer()), purpose);
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
    })

    .get('/export/:type', queryInput(ExportQuery), async (c) => {
      const type = importableType(c.req.param('type'));
      const { format, departmentId, hallId } = c.req.valid('query');
      const { bytes, contentType } = await exportRecords(deps.content, type, format, {
        ...(departmentId ? { departmentId } : {}),
        ...(hallId ? { hallId } : {}),
      });
      c.header('Content-Type', contentType);
      c.header('Content-Disposition', `attachment; filename="${type}-${deps.now().toISOString().slice(0, 10)}.${format}"`);
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    })

    .post('/import/:type', uploadForm(ImportForm), async (c) => {
      const type = importableType(c.req.param('type'));
      const { file, format } = c.req.valid('form');
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await importRecords(deps, c.get('user'), type, formatOf(format, file.name), bytes, deps.imports);
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
}
