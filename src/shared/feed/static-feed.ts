/**
 * The static feed (docs/feed-protocol.md section 17): the feed written as plain
 * files that any static host, CDN or object storage serves with no code of ours.
 * A static host cannot route on query strings nor set per-file signature
 * headers, so the static layout is path-only and link-based: one signed head
 * per hall (its signature inside the file, in an envelope) lists the URLs and
 * signatures of the immutable, content-addressed snapshot and pages.
 */
import type { FeedHead } from './protocol';

/** Root of the static layout, relative to the feed base URL. */
export const STATIC_FEED_PATH = 'feed/v2/static';

/** Where a hall's signed head lives, relative to the feed base URL. */
export function staticHeadPath(hall: string): string {
  return `${STATIC_FEED_PATH}/halls/${encodeURIComponent(hall)}/head.json`;
}

export const STATIC_PAGES_DIR = `${STATIC_FEED_PATH}/pages`;
export const STATIC_SNAPSHOTS_DIR = `${STATIC_FEED_PATH}/snapshots`;
/** The public key(s) of the feed, for provisioning and diagnostics (a kiosk trusts its configured key only). */
export const STATIC_KEYS_PATH = `${STATIC_FEED_PATH}/keys.json`;

/** The envelope's payloadType: says what the base64 payload is. */
export const STATIC_HEAD_PAYLOAD_TYPE = 'application/vnd.shk.feed-head+json';

/**
 * A signed file: the exact signed bytes, base64, with the Ed25519 signature over those bytes
 * (the same signature X-Feed-Signature carries on the origin) and the id of the key that made it.
 */
export interface SignedEnvelope {
  payloadType: typeof STATIC_HEAD_PAYLOAD_TYPE;
  payload: string;
  keyId: string;
  signature: string;
}

/** An immutable file named by the SHA-256 of its bytes, with the signature the origin sends for them. */
export interface StaticLink {
  /** Relative to the feed base URL, e.g. feed/v2/static/pages/<sha256>.json. */
  path: string;
  /** Base64 Ed25519 signature over the file's bytes, by the key named in the envelope. */
  signature: string;
  bytes: number;
}

/** A changes page exactly as the origin serves `changes?since=from&limit=…&hall=…`. */
export interface StaticPageLink extends StaticLink {
  from: number;
  to: number;
}

export interface StaticLinks {
  snapshot: StaticLink & { seq: number };
  /** Contiguous pages, ascending: pages[i].to === pages[i+1].from; the last is the tail (hasMore false, to = logSeq). */
  pages: StaticPageLink[];
}

/** The head of the static layout: a format 2 head plus the links. */
export interface StaticFeedHead extends FeedHead {
  static: StaticLinks;
}

/** A path in the static layout: relative, path-only, no dot segments (checked before a kiosk follows it). */
export const STATIC_LINK_PATTERN = /^feed\/v2\/static\/(pages|snapshots)\/[0-9a-f]{64}\.json$/;
