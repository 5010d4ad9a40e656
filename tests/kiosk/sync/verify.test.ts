import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEY_ID_HEADER, SIGNATURE_HEADER } from '../../../src/shared/feed/protocol';
import { signerFor } from '../../../src/server/feed/signing';
import { FeedRejectedError, keyIdOf, verifyChangesPage, verifyEd25519, verifySnapshot } from '../../../src/kiosk/sync/verify';
import { fee, guide, snapshotOf } from '../store/fixtures';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: der.subarray(der.length - 32).toString('base64') };
}
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const signB64 = (body: Uint8Array, key: KeyObject) => sign(null, body, key).toString('base64');
function headersFor(body: Uint8Array, key: KeyObject, keyId?: string) {
  const h = new Headers({ [SIGNATURE_HEADER]: signB64(body, key) });
  if (keyId) h.set(KEY_ID_HEADER, keyId);
  return h;
}
const page = (changes: unknown[], over: Record<string, unknown> = {}) => ({
  formatVersion: 2,
  hall: 'hall-county',
  epoch: 'epoch-test-1',
  from: 10,
  to: 12,
  hasMore: false,
  changes,
  ...over,
});

afterEach(() => vi.restoreAllMocks());

describe('Ed25519 verification', () => {
  it('accepts the exact bytes and refuses any single flipped bit or a malformed signature', async () => {
    const { privateKey, publicKey } = keyPair();
    const body = bytes({ hello: '你好', n: [1, 2, 3] });
    const signature = signB64(body, privateKey);
    expect(await verifyEd25519(body, signature, publicKey)).toBe(true);
    for (const at of [0, Math.floor(body.length / 2), body.length - 1]) {
      const altered = body.slice();
      altered[at]! ^= 0x01;
      expect(await verifyEd25519(altered, signature, publicKey)).toBe(false);
    }
    expect(await verifyEd25519(body, signature.slice(4), publicKey)).toBe(false);
    expect(await verifyEd25519(body, '!!!not base64!!!', publicKey)).toBe(false);
  });

  it('falls back to @noble/ed25519 where WebCrypto has no Ed25519', async () => {
    const { privateKey, publicKey } = keyPair(); // a fresh key: imported keys are cached per key
    const importKey = vi.spyOn(crypto.subtle, 'importKey').mockImplementation(async () => {
      throw new DOMException('Unrecognized name.', 'NotSupportedError');
    });
    const body = bytes({ fallback: true });
    expect(await verifyEd25519(body, signB64(body, privateKey), publicKey)).toBe(true);
    const altered = body.slice();
    altered[3]! ^= 0x04;
    expect(await verifyEd25519(altered, signB64(body, privateKey), publicKey)).toBe(false);
    expect(importKey).toHaveBeenCalled();
  });

  it('computes the same key id as the server', async () => {
    const signer = signerFor(generateKeyPairSync('ed25519').privateKey);
    expect(await keyIdOf(signer.publicKey)).toBe(signer.keyId);
  });
});

describe('verifyChangesPage', () => {
  const { privateKey, publicKey } = keyPair();
  const verify = (value: unknown, headers?: Headers) => {
    const body = bytes(value);
    return verifyChangesPage(body, headers ?? headersFor(body, privateKey), publicKey, 'hall-county');
  };
  const rejected = async (value: unknown, pattern: RegExp, headers?: Headers) => {
    const err = await verify(value, headers).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedRejectedError);
    expect((err as Error).message).toMatch(pattern);
  };

  it('returns the validated page', async () => {
    const ok = await verify(
      page([
        { seq: 11, type: 'guide', id: 'g-1', op: 'put', record: guide('g-1') },
        { seq: 12, type: 'fee', id: 'f-1', op: 'delete' },
      ]),
    );
    expect(ok.changes.map((c) => [c.seq, c.op])).toEqual([
      [11, 'put'],
      [12, 'delete'],
    ]);
  });

  it('refuses a missing signature, a foreign key id, and a signature by another key', async () => {
    const value = page([]);
    await rejected(value, /没有签名/, new Headers());
    const body = bytes(value);
    await rejected(value, /另一把密钥签名（密钥编号 0000000000000000/, headersFor(body, privateKey, '0000000000000000'));
    await rejected(value, /签名校验失败/, headersFor(body, keyPair().privateKey));
  });

  it('refuses a validly signed page for another hall, for the whole feed, or without an epoch', async () => {
    await rejected(page([], { hall: 'point-dongshan' }), /属于大厅 point-dongshan，本终端属于 hall-county/);
    await rejected(page([], { hall: null }), /整个内容源/);
    await rejected(page([], { epoch: undefined }), /缺少日志纪元/);
  });

  it('refuses a page whose changes are out of order or repeat a seq', async () => {
    await rejected(
      page([
        { seq: 12, type: 'guide', id: 'g-1', op: 'delete' },
        { seq: 11, type: 'guide', id: 'g-2', op: 'delete' },
      ]),
      /changes\[1\]\.seq 11 没有按顺序递增/,
    );
    await rejected(
      page([
        { seq: 11, type: 'guide', id: 'g-1', op: 'delete' },
        { seq: 11, type: 'guide', id: 'g-2', op: 'delete' },
      ]),
      /没有按顺序递增/,
    );
  });

  it('refuses pages whose structure is wrong, naming what is wrong', async () => {
    await rejected(page([], { formatVersion: 3 }), /格式版本为 3/);
    await rejected(page([], { formatVersion: 1 }), /格式版本为 1/);
    await rejected(page([], { to: 5 }), /from\/to\/hasMore\/changes/);
    await rejected(page([{ seq: 13, type: 'guide', id: 'g-1', op: 'delete' }]), /changes\[0\]\.seq 不在本页范围 \(10, 12\]/);
    await rejected(page([{ seq: 11, type: 7, id: 'x', op: 'delete' }]), /类型或编号无效/);
    await rejected(page([{ seq: 11, type: 'guide', id: 3, op: 'delete' }]), /类型或编号无效/);
    await rejected(page([{ seq: 11, type: 'guide', id: 'g-1', op: 'upsert' }]), /op 必须是 put 或 delete/);
    await rejected(page([{ seq: 11, type: 'guide', id: 'g-2', op: 'put', record: guide('g-1') }]), /记录编号 g-1 与条目编号 g-2 不一致/);
    await rejected(
      page([{ seq: 11, type: 'fee', id: 'g-1', op: 'put', record: guide('g-1') }]),
      /changes\[0\] \(fee\/g-1\) 不符合数据规范/,
    );
  });

  it('skips changes of record types it does not know (protocol section 11) and keeps the rest', async () => {
    const verified = await verify(
      page([
        { seq: 11, type: 'widget', id: 'x', op: 'put', record: { anything: true } },
        { seq: 12, type: 'guide', id: 'g-1', op: 'put', record: guide('g-1') },
      ]),
    );
    expect(verified.changes.map((c) => `${c.type}/${c.id}`)).toEqual(['guide/g-1']);
    expect(verified.to).toBe(12);
  });

  it('refuses the whole page for one bad record, naming record and field', async () => {
    const bad = { ...fee('f-2'), unit: '' };
    await rejected(
      page([
        { seq: 11, type: 'guide', id: 'g-1', op: 'put', record: guide('g-1') },
        { seq: 12, type: 'fee', id: 'f-2', op: 'put', record: bad },
      ]),
      /changes\[1\] \(fee\/f-2\).*unit: 不能为空.*已拒绝整页/,
    );
  });
});

describe('verifySnapshot', () => {
  it('validates every record and reports the first bad one by index', async () => {
    const { privateKey, publicKey } = keyPair();
    const good = snapshotOf([guide('g-1'), fee('f-1')], 7);
    const body = bytes(good);
    expect((await verifySnapshot(body, headersFor(body, privateKey), publicKey, 'hall-county')).records).toHaveLength(2);
    const bad = snapshotOf([guide('g-1'), { ...fee('f-1'), amount: { kind: 'range', minFen: 500, maxFen: 100 } } as never], 7);
    const badBody = bytes(bad);
    await expect(verifySnapshot(badBody, headersFor(badBody, privateKey), publicKey, 'hall-county')).rejects.toThrow(
      /records\[1\] \(fee\/f-1\).*最低金额不能高于最高金额/,
    );
  });
});
