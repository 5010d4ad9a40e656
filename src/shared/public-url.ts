/**
 * The public address residents' phones reach (the target of the kiosk's QR
 * codes). Never the kiosk page's own origin: a kiosk opened at localhost or an
 * intranet address would hand phones a dead link.
 */

/** Parses a PUBLIC_URL setting; returns a message naming the problem instead of throwing. */
export function parsePublicUrl(text: string): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, message: `不是一个网址：${JSON.stringify(text.slice(0, 100))}（应形如 https://zwfw.example.gov.cn）` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `只接受 https 或 http 网址（得到 ${url.protocol.replace(/:$/, '')}）` };
  }
  if (url.username || url.password) return { ok: false, message: '网址中不能包含用户名或密码' };
  if (url.search || url.hash) return { ok: false, message: '网址中不能包含 ? 查询参数或 # 片段' };
  // One canonical form without a trailing slash, so paths join with a single "/".
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/** The phone page of one guide under a public base address. */
export function mobileGuideUrl(publicUrl: string, guideId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/m/guides/${encodeURIComponent(guideId)}`;
}
