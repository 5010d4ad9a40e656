/**
 * Uploaded portraits and form templates are re-encoded by sharp before they
 * are stored: EXIF (GPS, camera, owner) is dropped, orientation applied,
 * size bounded. PDFs cannot be re-encoded here; they are accepted only when
 * they are really PDFs, and stored as sent.
 */
import sharp from 'sharp';
import type { MediaRef } from '../../../shared/content';
import { WorkflowError } from '../workflow/errors';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export type UploadPurpose = 'portrait' | 'form';

export async function normaliseUpload(bytes: Uint8Array, purpose: UploadPurpose): Promise<{ bytes: Uint8Array; type: MediaRef['type'] }> {
  if (bytes.byteLength === 0) throw new WorkflowError('invalid', '文件是空的', { problems: [{ field: 'file', message: '文件不能为空' }] });
  if (bytes.byteLength > MAX_UPLOAD_BYTES)
    throw new WorkflowError('invalid', '文件过大', { problems: [{ field: 'file', message: '不能超过 10 MB' }] });
  if (purpose === 'form' && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return { bytes, type: 'application/pdf' };
  let image: ReturnType<typeof sharp>;
  try {
    image = sharp(bytes, { limitInputPixels: 40_000_000, failOn: 'error' });
    const meta = await image.metadata();
    if (!meta.format || !['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif', 'avif'].includes(meta.format)) throw new Error('format');
  } catch {
    throw new WorkflowError('invalid', '无法识别的图片', {
      problems: [{ field: 'file', message: purpose === 'form' ? '只接受 PDF 或 JPEG/PNG/WebP 图片' : '只接受 JPEG、PNG 或 WebP 图片' }],
    });
  }
  if (purpose === 'portrait') {
    const out = await image
      .rotate()
      .resize(480, 640, { fit: 'cover', position: 'attention' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer();
    return { bytes: new Uint8Array(out), type: 'image/jpeg' };
  }
  const out = await image.rotate().resize(2000, 2800, { fit: 'inside', withoutEnlargement: true }).png({ compressionLevel: 9 }).toBuffer();
  return { bytes: new Uint8Array(out), type: 'image/png' };
}
