/**
 * Many media files in one response (GET /media/bundle?h=<sha256>,<sha256>,...). A village kiosk on
 * a 300 ms link spends most of a first install waiting for round trips of small portraits one by
 * one; a bundle turns hundreds of requests into a few. Each file is framed by a text line
 *   "<sha256> <content-type> <byte length>\n"
 * followed by the bytes. The kiosk still checks every file's hash; the bundle proves nothing by itself.
 * Files the server does not have are left out: the kiosk fetches those one by one (and hears why).
 */

/** Most hashes one bundle request may name: the URL stays under ~5 KB, which every proxy passes. */
export const MEDIA_BUNDLE_MAX_FILES = 64;
/** The server stops adding files past this many bytes; the kiosk asks again for the rest. */
export const MEDIA_BUNDLE_MAX_BYTES = 4 * 1024 * 1024;
export const MEDIA_BUNDLE_CONTENT_TYPE = 'application/vnd.shk.media-bundle';

export interface BundledFile {
  sha256: string;
  type: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

export function encodeMediaBundle(files: readonly BundledFile[]): Uint8Array {
  const parts = files.flatMap((f) => [encoder.encode(`${f.sha256} ${f.type} ${f.bytes.length}\n`), f.bytes]);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const HEADER = /^([0-9a-f]{64}) ([a-z]+\/[a-z0-9.+-]+) (\d{1,9})$/;

/** Splits a bundle into its files; a malformed frame throws with where it broke. */
export function decodeMediaBundle(body: Uint8Array): BundledFile[] {
  const files: BundledFile[] = [];
  const decoder = new TextDecoder();
  let at = 0;
  while (at < body.length) {
    const newline = body.indexOf(10, at);
    // A header is at most ~150 bytes; a missing newline means the body was cut or is not a bundle.
    if (newline < 0 || newline - at > 200) throw new Error(`媒体包在第 ${at} 字节处缺少文件头`);
    const header = decoder.decode(body.subarray(at, newline));
    const m = HEADER.exec(header);
    if (!m) throw new Error(`媒体包在第 ${at} 字节处的文件头无效：${JSON.stringify(header.slice(0, 100))}`);
    const length = Number(m[3]);
    const start = newline + 1;
    if (start + length > body.length) throw new Error(`媒体包在文件 ${m[1]!.slice(0, 12)}… 处被截断`);
    files.push({ sha256: m[1]!, type: m[2]!, bytes: body.subarray(start, start + length) });
    at = start + length;
  }
  return files;
}
