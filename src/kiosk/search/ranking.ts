/**
 * Ranking tiers, best first. One number per (document, query term); a
 * document's score is the sum over the terms of the query. Ties are broken by
 * popularity, then by name in Chinese collation (pinyin order), then by id, so
 * the same content and query always give the same order.
 */
export const Tier = {
  NAME_EXACT: 100,
  NAME_PREFIX: 90,
  ALIAS_EXACT: 87,
  PLAIN_EXACT: 85,
  PLAIN_PREFIX: 80,
  PLAIN_INFIX: 75,
  ALIAS: 72,
  NAME_INFIX: 70,
  CODE_EXACT: 65,
  TAG_EXACT: 60,
  TAG: 55,
  DEPARTMENT: 50,
  CODE_PREFIX: 40,
  /** Every word of the query (Intl.Segmenter) somewhere in the short fields. */
  WORDS: 30,
  BODY: 10,
} as const;

/** Subtracted from a tier when the match needed a one-letter correction or a homophone. */
export const FUZZY_PENALTY = 5;

export const MATCH_FIELDS = ['name', 'plainName', 'tag', 'code', 'department', 'words', 'body'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export const nameCollator = new Intl.Collator('zh-Hans-CN', { usage: 'sort' });
