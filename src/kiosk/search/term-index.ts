/**
 * The search index's term postings and the matchers that read them: Han
 * characters and bigrams of the short fields and of the body, pinyin
 * first-letter pairs that narrow candidates before the pinyin matcher runs,
 * and words (letters and digits of codes, English names). Each matcher returns
 * slot -> packed (tier - penalty) * 16 + field index, best per slot; the
 * fields it grades come from the slot table (slot-table.ts). Ranking,
 * query understanding and coverage stay with the index (search-index.ts).
 */
import type { SearchDoc } from './documents';
import { oneLetterVariants } from './fuzzy-variants';
import type { IndexState } from './index-state';
import { Matches } from './match-scores';
import { foldText } from './normalize';
import { candidateKeysFor, letterIndex, matchCodes, pinyinKeysOf } from './pinyin-match';
import { isSyllable, isSyllablePrefix, primaryPinyin } from './pinyin';
import { Posting, addTo, intersect } from './postings';
import { FUZZY_PENALTY, Tier } from './ranking';
import { DEAD, KIND_INDEX, type SlotTable } from './slot-table';
import { forEachHanGram, forEachWord, hanKey } from './tokens';

/** Candidate checks one corrected query may spend over all its variants: keeps a typo keystroke cheap. */
const FUZZY_BUDGET = 16_000;
/** No single variant may spend more than this share of the budget, so one broad variant cannot starve the rest. */
const FUZZY_VARIANT_SHARE = 4;

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;

export class TermIndex {
  /** Scratch marks for de-duplicating candidates without a Set; a search bumps the stamp. */
  private marks = new Uint32Array(0);
  private stamp = 0;

  private hanShort: Map<number, Posting>;
  private hanBody: Map<number, Posting>;
  private pinyinKeys: Map<number, Posting>;
  private words: Map<string, Posting>;
  private sortedWords: string[] | null = null;

  constructor(
    private readonly slots: SlotTable,
    maps: IndexState['maps'] = { hanShort: new Map(), hanBody: new Map(), pinyinKeys: new Map(), words: new Map() },
  ) {
    this.hanShort = maps.hanShort;
    this.hanBody = maps.hanBody;
    this.pinyinKeys = maps.pinyinKeys;
    this.words = maps.words;
  }

  /** The postings, as saved (persist.ts) and compared (canonicalState). */
  get maps(): IndexState['maps'] {
    return { hanShort: this.hanShort, hanBody: this.hanBody, pinyinKeys: this.pinyinKeys, words: this.words };
  }

  /** Indexes the document stored in `slot` (slot-table.ts holds its fields). */
  add(slot: number, doc: SearchDoc): void {
    const emitPinyin = (key: number) => addTo(this.pinyinKeys, key, slot);
    const sets = this.slots.readingTable.sets;
    const pool = this.slots.unitPool;
    let p = this.slots.unitOffset[slot]! + 1;
    for (const text of this.slots.shortFields(slot)) {
      const len = pool[p]!;
      if (text) {
        forEachHanGram(text, true, (key) => addTo(this.hanShort, key, slot));
        forEachWord(text, (word) => this.addWord(word, slot));
        pinyinKeysOf(sets, pool, p + 1, len, emitPinyin);
      }
      p += 1 + len;
    }
    for (const code of this.slots.codes[slot]!) forEachWord(code, (word) => this.addWord(word, slot));
    if (doc.nameEn) forEachWord(foldText(doc.nameEn), (word) => this.addWord(word, slot));
    forEachHanGram(doc.body, false, (key) => addTo(this.hanBody, key, slot));
  }

  private addWord(word: string, slot: number): void {
    if (!this.words.has(word)) this.sortedWords = null;
    addTo(this.words, word, slot);
  }

  /** Follows the slot table's compaction: old slot -> new slot, -1 gone. */
  compact(newSlotOf: Int32Array): void {
    for (const map of [this.hanShort, this.hanBody, this.pinyinKeys] as Map<unknown, Posting>[]) compactMap(map, newSlotOf);
    compactMap(this.words as Map<unknown, Posting>, newSlotOf);
    this.sortedWords = null;
  }

  /** Whether two Han characters are a pair some short field holds. */
  isIndexedPair(pair: string): boolean {
    const cps = [...pair].map((c) => c.codePointAt(0)!);
    return cps.length === 2 && this.hanShort.has(hanKey(cps[0]!, cps[1]!));
  }

  /** Whether some live record's short field holds the phrase as written. */
  isIndexedPhrase(text: string): boolean {
    const cps = [...text].map((c) => c.codePointAt(0)!);
    const keys: number[] = [];
    for (let i = 0; i + 1 < cps.length; i++) keys.push(hanKey(cps[i]!, cps[i + 1]!));
    for (const slot of intersect(keys.map((k) => this.hanShort.get(k)?.view())))
      if (this.slots.kind[slot] !== DEAD && this.inShortFields(slot, text)) return true;
    return false;
  }

  matchHan(term: string, penalty: number): Matches {
    const out = new Matches(this.slots.length);
    const put = (slot: number, tier: number) => out.setBest(slot, tier - penalty, tier);
    const cps = [...term].map((c) => c.codePointAt(0)!);
    if (cps.length === 1) {
      const list = this.hanShort.get(hanKey(cps[0]!));
      if (list) for (const slot of list.view()) if (this.slots.kind[slot] !== DEAD) put(slot, this.hanTier(slot, term));
    } else {
      // Short-field candidates need every word of the term (Intl.Segmenter), not every bigram:
      // '身份证拍照' must find '身份证可现场免费拍照'. Whether the words are adjacent decides the tier.
      const words = segmenter ? [...segmenter.segment(term)].map((s) => s.segment).filter((w) => w.trim()) : [term];
      const shortKeys: number[] = [];
      const bodyKeys: number[] = [];
      for (const word of words) {
        const wcps = [...word].map((c) => c.codePointAt(0)!);
        if (wcps.length === 1) shortKeys.push(hanKey(wcps[0]!));
        for (let i = 0; i + 1 < wcps.length; i++) shortKeys.push(hanKey(wcps[i]!, wcps[i + 1]!));
      }
      // Words apart still count, but not single characters alone: 电 and 费 in 电梯定期检验费 are not 电费.
      const scatteredWordsCount = words.length > 1 && words.some((w) => w.length > 1);
      // The body is matched on all bigrams of the term: words scattered over a long text say little.
      for (let i = 0; i + 1 < cps.length; i++) bodyKeys.push(hanKey(cps[i]!, cps[i + 1]!));
      for (const slot of intersect(shortKeys.map((k) => this.hanShort.get(k)?.view()))) {
        if (this.slots.kind[slot] === DEAD) continue;
        const tier = this.hanTier(slot, term) || (scatteredWordsCount && words.every((w) => this.inShortFields(slot, w)) ? Tier.WORDS : 0);
        if (tier) put(slot, tier);
      }
      for (const slot of intersect(bodyKeys.map((k) => this.hanBody.get(k)?.view())))
        if (this.slots.kind[slot] !== DEAD) put(slot, Tier.BODY);
    }
    if (cps.length > 1) this.addDepartmentMembers(out, penalty);
    return out;
  }

  private hanTier(slot: number, term: string): number {
    const name = this.slots.foldedNames[slot]!;
    if (name === term) return Tier.NAME_EXACT;
    if (name.startsWith(term)) return Tier.NAME_PREFIX;
    const plain = this.slots.foldedPlain[slot]!;
    if (plain === term) return Tier.PLAIN_EXACT;
    if (plain.startsWith(term)) return Tier.PLAIN_PREFIX;
    let alias = 0;
    for (const a of this.slots.foldedAliases[slot]!) {
      if (a === term) return Tier.ALIAS_EXACT;
      if (a.includes(term)) alias = Tier.ALIAS;
    }
    if (plain.includes(term)) return Tier.PLAIN_INFIX;
    if (alias) return alias;
    if (name.includes(term)) return Tier.NAME_INFIX;
    let best = 0;
    for (const tag of this.slots.foldedTags[slot]!) {
      if (tag === term) return Tier.TAG_EXACT;
      if (tag.includes(term)) best = Tier.TAG;
    }
    return best;
  }

  private inShortFields(slot: number, word: string): boolean {
    return (
      this.slots.foldedNames[slot]!.includes(word) ||
      this.slots.foldedPlain[slot]!.includes(word) ||
      this.slots.foldedAliases[slot]!.some((t) => t.includes(word)) ||
      this.slots.foldedTags[slot]!.some((t) => t.includes(word))
    );
  }

  /** Records that match any of a word's forms (subsidy, subsidies). */
  matchAnyForm(forms: string[]): Matches {
    const out = this.matchLatin(forms[0]!, 0);
    for (const form of forms.slice(1)) this.matchLatin(form, 0, undefined, out);
    return out;
  }

  /** `into` and `budget` serve corrections: many variants gathered in one set, within a bounded effort. */
  matchLatin(term: string, penalty: number, budget?: { left: number }, into?: Matches): Matches {
    const out = into ?? new Matches(this.slots.length);
    if (letterIndex(term[0]) >= 0) {
      const stamp = this.nextStamp();
      const marks = this.marks;
      for (const key of candidateKeysFor(term, isSyllablePrefix, isSyllable)) {
        const list = this.pinyinKeys.get(key);
        if (!list) continue;
        const ids = list.ids;
        for (let i = 0; i < list.n; i++) {
          const slot = ids[i]!;
          if (marks[slot] === stamp || this.slots.kind[slot] === DEAD) continue;
          marks[slot] = stamp;
          if (budget && --budget.left < 0) return out;
          const tier = this.pinyinTier(slot, term);
          if (tier) out.setBest(slot, tier - penalty, tier);
        }
      }
    }
    for (const word of this.wordsWithPrefix(term)) {
      const exact = word === term;
      for (const slot of this.words.get(word)!.view()) {
        if (this.slots.kind[slot] === DEAD) continue;
        const isCode = this.slots.codes[slot]!.some((c) => c.includes(word));
        const tier = exact ? (isCode ? Tier.CODE_EXACT : Tier.TAG) : Tier.CODE_PREFIX;
        out.setBest(slot, tier - penalty, tier);
      }
    }
    if (term.length > 1 && !into) this.addDepartmentMembers(out, penalty);
    return out;
  }

  /** Tier of a pinyin match in the slot's short fields (0: none), read from the unit pool. */
  private pinyinTier(slot: number, term: string): number {
    const sets = this.slots.readingTable.sets;
    const pool = this.slots.unitPool;
    let p = this.slots.unitOffset[slot]!;
    const fieldCount = pool[p++]!;
    const nameLen = pool[p]!;
    const name = matchCodes(sets, pool, p + 1, nameLen, term);
    p += 1 + nameLen;
    if (name >= 0) {
      if (name & 1) return Tier.NAME_EXACT;
      if (name < 65536) return Tier.NAME_PREFIX;
    }
    const plainLen = pool[p]!;
    const plain = plainLen > 0 ? matchCodes(sets, pool, p + 1, plainLen, term) : -1;
    p += 1 + plainLen;
    if (plain >= 0) return plain & 1 ? Tier.PLAIN_EXACT : plain < 65536 ? Tier.PLAIN_PREFIX : Tier.PLAIN_INFIX;
    if (name >= 0) return Tier.NAME_INFIX;
    let best = 0;
    for (let f = 2; f < fieldCount; f++) {
      const len = pool[p]!;
      const m = matchCodes(sets, pool, p + 1, len, term);
      p += 1 + len;
      if (m >= 0) {
        if (m & 1) return Tier.TAG_EXACT;
        best = Tier.TAG;
      }
    }
    return best;
  }

  private wordsWithPrefix(prefix: string): string[] {
    if (!this.sortedWords) this.sortedWords = [...this.words.keys()].sort();
    const words = this.sortedWords;
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (words[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    // A bound on how many distinct words one prefix may fan out to keeps a one-digit query cheap.
    for (let i = lo; i < words.length && words[i]!.startsWith(prefix) && out.length < 200; i++) out.push(words[i]!);
    return out;
  }

  /** A department that matches lends its tier (at most DEPARTMENT) to everything it is responsible for. */
  private addDepartmentMembers(out: Matches, penalty: number): void {
    const matched = new Set<number>();
    for (const slot of out.slots)
      if (this.slots.kind[slot] === KIND_INDEX.department && out.get(slot) >> 4 >= Tier.NAME_INFIX - penalty)
        matched.add(this.slots.dept[slot]!);
    if (matched.size === 0) return;
    for (let slot = 0; slot < this.slots.length; slot++) {
      const k = this.slots.kind[slot]!;
      if (k === DEAD || k === KIND_INDEX.department || !matched.has(this.slots.dept[slot]!)) continue;
      out.setBest(slot, Tier.DEPARTMENT - penalty, Tier.DEPARTMENT);
    }
  }

  /** One-letter corrections of pinyin that parse as pinyin; homophones of a Han term. */
  matchFuzzy(run: { kind: 'han' | 'latin'; text: string }): Matches {
    const out = new Matches(this.slots.length);
    if (run.kind === 'han') {
      const reading = primaryPinyin(run.text);
      return reading ? this.matchLatin(reading, FUZZY_PENALTY) : out;
    }
    if (run.text.length < 4 || !/^[a-z]+$/.test(run.text)) return out;
    let left = FUZZY_BUDGET;
    for (const variant of oneLetterVariants(run.text)) {
      if (left <= 0) break;
      const share = Math.min(left, Math.ceil(FUZZY_BUDGET / FUZZY_VARIANT_SHARE));
      const budget = { left: share };
      this.matchLatin(variant, FUZZY_PENALTY, budget, out);
      left -= share - Math.max(0, budget.left);
    }
    this.addDepartmentMembers(out, FUZZY_PENALTY);
    return out;
  }

  /** A fresh stamp for de-duplication marks sized to the current slots. */
  private nextStamp(): number {
    if (this.marks.length < this.slots.length) this.marks = new Uint32Array(Math.max(1024, this.slots.length * 2));
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.marks.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}

function compactMap(map: Map<unknown, Posting>, newSlotOf: Int32Array): void {
  for (const [key, p] of map) {
    p.remap(newSlotOf);
    if (p.n === 0) map.delete(key);
  }
}
