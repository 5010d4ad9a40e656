import { describe, expect, it } from 'vitest';
import { decodeMediaBundle, encodeMediaBundle } from '../../../src/shared/feed/media-bundle';

const hash = (c: string) => c.repeat(64);

describe('media bundle framing', () => {
  it('gives back every file with its type and exact bytes, including empty and binary ones', () => {
    const files = [
      { sha256: hash('a'), type: 'image/svg+xml', bytes: new TextEncoder().encode('<svg>\n10 20\n</svg>') },
      { sha256: hash('b'), type: 'application/pdf', bytes: new Uint8Array([0, 10, 255, 10, 10]) },
      { sha256: hash('c'), type: 'image/png', bytes: new Uint8Array() },
    ];
    const decoded = decodeMediaBundle(encodeMediaBundle(files));
    expect(decoded.map((f) => [f.sha256, f.type, [...f.bytes]])).toEqual(files.map((f) => [f.sha256, f.type, [...f.bytes]]));
  });

  it('refuses a cut-off body and a header that is not one, saying where', () => {
    const whole = encodeMediaBundle([{ sha256: hash('a'), type: 'image/png', bytes: new Uint8Array(100) }]);
    expect(() => decodeMediaBundle(whole.subarray(0, whole.length - 1))).toThrow(/被截断/);
    expect(() => decodeMediaBundle(new TextEncoder().encode('<html>not a bundle</html>\n'))).toThrow(/第 0 字节处的文件头无效/);
    expect(() => decodeMediaBundle(new Uint8Array(300).fill(65))).toThrow(/缺少文件头/);
  });
});
