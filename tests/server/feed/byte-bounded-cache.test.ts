import { describe, expect, it } from 'vitest';
import { ByteBoundedCache } from '../../../src/server/feed/byte-bounded-cache';

describe('ByteBoundedCache', () => {
  it('evicts the least recently used entries once the byte budget is exceeded', () => {
    const cache = new ByteBoundedCache<string>(10, (v) => v.length);
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    expect(cache.get('a')).toBe('aaaa'); // a is now the most recently used
    cache.set('c', 'cccc');
    expect(cache.has('b')).toBe(false);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('c')).toBe(true);
    expect(cache.totalBytes).toBe(8);
  });

  it('replaces a key without double counting and ignores values larger than the budget', () => {
    const cache = new ByteBoundedCache<string>(10, (v) => v.length);
    cache.set('a', 'aaaa');
    cache.set('a', 'aaaaaa');
    expect(cache.totalBytes).toBe(6);
    cache.set('huge', 'x'.repeat(11));
    expect(cache.has('huge')).toBe(false);
    expect(cache.get('a')).toBe('aaaaaa');
  });
});
