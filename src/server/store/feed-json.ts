/**
 * Byte-level building of feed pages and snapshots, shared by the SQLite and
 * PostgreSQL stores: the stored JSON text of each record is spliced in as it
 * is, never parsed and re-serialised. Also the media checks both stores make.
 */
import { createHash } from 'node:crypto';
import { MediaRef as MediaRefSchema, type FieldProblem, type MediaRef } from '../../shared/content';
import { RecordValidationError } from './content-store';

const CLOSE_BRACE = Buffer.from('}');
const COMMA = Buffer.from(',');

/** "[" + items joined by "," + "]", as one buffer. */
function joinJsonArray(items: Buffer[][]): Uint8Array {
  const chunks: Buffer[] = [Buffer.from('[')];
  items.forEach((item, i) => {
    if (i > 0) chunks.push(COMMA);
    chunks.push(...item);
  });
  chunks.push(Buffer.from(']'));
  return Buffer.concat(chunks);
}

/** Feed changes as a JSON array, exactly as JSON.stringify would write the FeedChange objects. */
export function changesJsonOf(rows: { seq: number; type: string; id: string; op: 'put' | 'delete'; json: Buffer | null }[]): Uint8Array {
  return joinJsonArray(
    rows.map((r) => {
      const head = `{"seq":${r.seq},"type":${JSON.stringify(r.type)},"id":${JSON.stringify(r.id)},"op":"${r.op}"`;
      return r.op === 'put' ? [Buffer.from(`${head},"record":`), r.json!, CLOSE_BRACE] : [Buffer.from(`${head}}`)];
    }),
  );
}

/** Snapshot entries as a JSON array, exactly as JSON.stringify would write the SnapshotEntry objects. */
export function snapshotJsonOf(rows: { type: string; id: string; json: Buffer }[]): Uint8Array {
  return joinJsonArray(
    rows.map((r) => [Buffer.from(`{"type":${JSON.stringify(r.type)},"id":${JSON.stringify(r.id)},"record":`), r.json, CLOSE_BRACE]),
  );
}

const MEDIA_TYPES = MediaRefSchema.entries.type.options;
const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/** Checks an upload and names it by its SHA-256; throws RecordValidationError naming every problem. */
export function checkedMediaRef(bytes: Uint8Array, type: MediaRef['type']): MediaRef {
  const problems: FieldProblem[] = [];
  if (!MEDIA_TYPES.includes(type)) problems.push({ field: 'type', message: `不支持的媒体类型，应为 ${MEDIA_TYPES.join('、')} 之一` });
  if (bytes.byteLength < 1) problems.push({ field: 'bytes', message: '文件不能为空' });
  if (bytes.byteLength > MAX_MEDIA_BYTES) problems.push({ field: 'bytes', message: '文件不能超过 20 MB' });
  if (problems.length > 0) throw new RecordValidationError([{ index: 0, type: 'media', id: '', problems }]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { sha256, type, size: bytes.byteLength, alt: '' };
}
