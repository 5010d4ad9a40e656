import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function upload(purpose: string, bytes: Uint8Array, name = 'photo.jpg') {
  const agent = await h.login('editor-mz');
  const form = new FormData();
  form.set('purpose', purpose);
  form.set('file', new File([bytes as BlobPart], name));
  return agent.request('POST', '/api/console/media', form);
}

describe('uploads', () => {
  it('re-encodes a portrait: EXIF (with GPS and camera owner) removed, resized, stored as media', async () => {
    const photo = await sharp({ create: { width: 2400, height: 3200, channels: 3, background: { r: 200, g: 150, b: 120 } } })
      .jpeg()
      .withExif({ IFD0: { Artist: '真实姓名', Copyright: 'secret owner' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 0/1 0/1' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await upload('portrait', new Uint8Array(photo));
    expect(res.status).toBe(201);
    const { media } = await res.json();
    expect(media.type).toBe('image/jpeg');
    const stored = await h.content.getMedia(media.sha256);
    const meta = await sharp(stored!.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([480, 640]);
    expect(Buffer.from(stored!.bytes).includes(Buffer.from('secret owner'))).toBe(false);
  });

  it('accepts a PDF form template as is and refuses something that is neither', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const ok = await upload('form', pdf, 'form.pdf');
    expect(ok.status).toBe(201);
    expect((await ok.json()).media.type).toBe('application/pdf');
    const bad = await upload('portrait', new TextEncoder().encode('<script>alert(1)</script>'), 'x.jpg');
    expect(bad.status).toBe(422);
    expect((await bad.json()).problems[0].field).toBe('file');
  });
});

describe('body limits', () => {
  it('refuses an oversized upload and an oversized heartbeat with 413', async () => {
    const big = new Uint8Array(11 * 1024 * 1024);
    const res = await upload('portrait', big);
    expect(res.status).toBe(413);
    const beat = await fetch(`${h.url}/api/kiosk/heartbeat`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${'a'.repeat(43)}`, 'Content-Type': 'application/json' },
      body: 'x'.repeat(20_000),
    });
    expect(beat.status).toBe(413);
  });
});
