/**
 * Collects generated media (portraits, blank forms, samples) and hands out
 * MediaRefs whose sha256 and size match the bytes, exactly as the store's
 * putMedia will compute them. Identical bytes are kept once.
 */
import { createHash } from 'node:crypto';
import type { MediaRef } from '../../shared/content';

export interface DemoMedia {
  bytes: Uint8Array;
  type: MediaRef['type'];
}

export class MediaCollector {
  private readonly byHash = new Map<string, DemoMedia>();

  add(bytes: Uint8Array, type: MediaRef['type'], alt: string): MediaRef {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!this.byHash.has(sha256)) this.byHash.set(sha256, { bytes, type });
    return { sha256, type, size: bytes.byteLength, alt };
  }

  addSvg(svg: string, alt: string): MediaRef {
    return this.add(new TextEncoder().encode(svg), 'image/svg+xml', alt);
  }

  list(): DemoMedia[] {
    return [...this.byHash.values()];
  }
}

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
