/**
 * What of each record the index reads. Short fields (name, plain-language
 * name, tags) are kept in memory for ranking and highlighting; the body is
 * only tokenised, never kept, so memory stays proportional to names.
 */
import type { ContentRecord, RecordType } from '../../shared/content';

export const SEARCH_KINDS = ['guide', 'fee', 'official', 'notice', 'department'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export function isSearchedType(type: RecordType): type is SearchKind {
  return (SEARCH_KINDS as readonly string[]).includes(type);
}

export interface SearchDoc {
  kind: SearchKind;
  id: string;
  name: string;
  /** 口语化名称 for guides, the short name for departments; '' otherwise. */
  plainName: string;
  /** 事项俗称 of a guide: what residents call it, searched above tags. */
  aliases: string[];
  /** Topics and life events of a guide, an official's post. */
  tags: string[];
  /** English name (guides, departments, fees), matched as words. */
  nameEn: string;
  /** Guides: the hall the guide is handled in ('' when any). */
  hallId: string;
  /** Guides: fee items, in the guide's order; noFee when it states 不收费. */
  feeIds: string[];
  noFee: boolean;
  departmentId: string;
  popularity: number;
  /** Item codes, fee codes, window numbers: matched as letters and digits. */
  codes: string[];
  body: string;
  /** An official's usual window. */
  window: string;
  /** Fees: effective period; notices: publication period (ms, NaN when open). */
  validFrom: number;
  validTo: number;
}

const NOTICE_PRIORITY = { normal: 0, important: 1, urgent: 2 } as const;

export function toSearchDoc(record: ContentRecord): SearchDoc | null {
  const base = {
    id: record.id,
    plainName: '',
    aliases: [] as string[],
    tags: [] as string[],
    nameEn: '',
    hallId: '',
    feeIds: [] as string[],
    noFee: false,
    departmentId: '',
    popularity: 0,
    codes: [] as string[],
    window: '',
    validFrom: NaN,
    validTo: NaN,
  };
  switch (record.type) {
    case 'guide':
      return {
        ...base,
        kind: 'guide',
        name: record.name,
        plainName: record.plainName,
        aliases: record.aliases ?? [],
        tags: [...record.topics, ...record.lifeEvents],
        nameEn: record.nameEn ?? '',
        hallId: record.place.hallId ?? '',
        feeIds: record.fees.kind === 'items' ? record.fees.feeItemIds : [],
        noFee: record.fees.kind === 'none',
        departmentId: record.departmentId,
        popularity: record.popularity,
        codes: [record.itemCode, ...record.place.windows],
        body: [
          record.summary,
          record.itemType,
          ...record.conditions,
          ...record.materials.flatMap((m) => [m.name, m.condition, m.notes]),
          ...record.steps.flatMap((s) => [s.title, s.result]),
          ...record.faq.flatMap((f) => [f.question, f.answer]),
          ...record.legalBasis.map((b) => b.title),
          record.result,
        ].join('\n'),
      };
    case 'fee':
      return {
        ...base,
        kind: 'fee',
        name: record.name,
        nameEn: record.nameEn ?? '',
        departmentId: record.departmentId,
        codes: record.code ? [record.code] : [],
        body: [record.unit, ...record.basis.map((b) => b.title), ...record.reductions.map((r) => r.description), record.notes].join('\n'),
        validFrom: Date.parse(record.effectiveFrom),
        validTo: record.effectiveTo ? Date.parse(record.effectiveTo) : NaN,
      };
    case 'official':
      return {
        ...base,
        kind: 'official',
        name: record.name,
        tags: [record.title],
        departmentId: record.departmentId,
        codes: record.window ? [record.window] : [],
        window: record.window,
        body: [...record.duties, record.bio].join('\n'),
      };
    case 'notice':
      return {
        ...base,
        kind: 'notice',
        name: record.title,
        departmentId: record.departmentId ?? '',
        popularity: NOTICE_PRIORITY[record.priority],
        body: record.body,
        validFrom: Date.parse(record.publishAt),
        validTo: record.expiresAt ? Date.parse(record.expiresAt) : NaN,
      };
    case 'department':
      return {
        ...base,
        kind: 'department',
        name: record.name,
        plainName: record.shortName,
        nameEn: record.nameEn ?? '',
        departmentId: record.id,
        // Lower sortOrder first when departments are offered as suggestions.
        popularity: -record.sortOrder,
        body: [record.description, record.address].join('\n'),
      };
    default:
      return null;
  }
}
