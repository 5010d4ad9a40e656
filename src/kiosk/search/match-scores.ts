/**
 * The score table of one query term: for every slot that matched, its packed score
 * ((tier - penalty) * 16 + field index), dense for speed, with the matched slots listed.
 */
import { MATCH_FIELDS, Tier, type MatchField } from './ranking';

/** slot -> packed score ((tier - penalty) * 16 + field index) for one query term; dense, for speed. */
export class Matches {
  readonly packed: Int32Array;
  readonly slots: number[] = [];
  constructor(size: number) {
    this.packed = new Int32Array(size);
  }
  get size(): number {
    return this.slots.length;
  }
  /** 0 when the slot did not match. */
  get(slot: number): number {
    return this.packed[slot] ?? 0;
  }
  setPacked(slot: number, packed: number): void {
    const prev = this.packed[slot]!;
    if (prev === 0) this.slots.push(slot);
    if (packed >> 4 > prev >> 4) this.packed[slot] = packed;
  }
  setBest(slot: number, score: number, tierForField: number): void {
    if (score > 0) this.setPacked(slot, (score << 4) | FIELD_OF_TIER.get(tierForField)!);
  }
}

/** The field a tier's match lies in (shown as "matched in" and kept in the packed score). */
function fieldFor(tier: number): MatchField {
  switch (tier) {
    case Tier.NAME_EXACT:
    case Tier.NAME_PREFIX:
    case Tier.NAME_INFIX:
      return 'name';
    case Tier.PLAIN_EXACT:
    case Tier.PLAIN_PREFIX:
    case Tier.PLAIN_INFIX:
      return 'plainName';
    case Tier.ALIAS_EXACT:
    case Tier.ALIAS:
    case Tier.TAG_EXACT:
    case Tier.TAG:
      return 'tag';
    case Tier.CODE_EXACT:
    case Tier.CODE_PREFIX:
      return 'code';
    case Tier.DEPARTMENT:
      return 'department';
    case Tier.WORDS:
      return 'words';
    default:
      return 'body';
  }
}

const FIELD_OF_TIER = new Map<number, number>(Object.values(Tier).map((tier) => [tier, MATCH_FIELDS.indexOf(fieldFor(tier))]));
