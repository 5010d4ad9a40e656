import { describe, expect, it } from 'vitest';
import { mobileGuideUrl, parsePublicUrl } from '../../src/shared/public-url';

describe('public address for QR codes', () => {
  it('accepts https and http addresses, with or without a path, in one canonical form', () => {
    expect(parsePublicUrl('https://zwfw.example.gov.cn')).toEqual({ ok: true, url: 'https://zwfw.example.gov.cn' });
    expect(parsePublicUrl(' https://zwfw.example.gov.cn/qinglan/ ')).toEqual({ ok: true, url: 'https://zwfw.example.gov.cn/qinglan' });
    expect(parsePublicUrl('http://10.0.0.5:8080')).toEqual({ ok: true, url: 'http://10.0.0.5:8080' });
  });

  it('refuses what is not an http(s) address, naming the problem', () => {
    expect(parsePublicUrl('zwfw.example.gov.cn')).toMatchObject({ ok: false, message: expect.stringMatching(/不是一个网址/) });
    expect(parsePublicUrl('ftp://zwfw.example.gov.cn')).toMatchObject({ ok: false, message: expect.stringMatching(/https 或 http.*ftp/) });
    expect(parsePublicUrl('javascript:alert(1)')).toMatchObject({ ok: false, message: expect.stringMatching(/javascript/) });
    expect(parsePublicUrl('https://a:b@zwfw.example.gov.cn')).toMatchObject({ ok: false, message: expect.stringMatching(/用户名或密码/) });
    expect(parsePublicUrl('https://zwfw.example.gov.cn/?x=1')).toMatchObject({ ok: false, message: expect.stringMatching(/查询参数/) });
  });

  it('joins a guide id under the address, escaped', () => {
    expect(mobileGuideUrl('https://zwfw.example.gov.cn/qinglan', 'guide-dibao')).toBe(
      'https://zwfw.example.gov.cn/qinglan/m/guides/guide-dibao',
    );
    expect(mobileGuideUrl('https://zwfw.example.gov.cn/', 'a b')).toBe('https://zwfw.example.gov.cn/m/guides/a%20b');
  });
});
