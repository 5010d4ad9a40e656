/**
 * The kiosk's offline search index.
 *
 * Every searchable record gets a numeric slot. Han text is indexed as
 * character bigrams (and single characters for the short fields), letters as
 * pinyin first-letter pairs that narrow candidates before the pinyin matcher
 * runs, letters and digits of codes as words. A changed record is retired and
 * appended under a new slot, so posting lists stay sorted and append-only;
 * retired slots are filtered at query time and squeezed out by compact().
 */
import type { ContentRecord, LexiconEntry } from '../../shared/content';
import type { FeedChange } from '../../shared/feed/protocol';
import { SEARCH_KINDS, isSearchedType, toSearchDoc, type SearchDoc, type SearchKind } from './documents';
import { foldText, hasHan, splitQuery } from './normalize';
import { candidateKeysFor, letterIndex, matchCodes, pinyinKeysOf } from './pinyin-match';
import { isSyllable, isSyllablePrefix, primaryPinyin } from './pinyin';
import { Posting, addTo, intersect } from './postings';
import { FUZZY_PENALTY, MATCH_FIELDS, Tier, type MatchField } from './ranking';

import { highlight, type Range } from './highlight';
import { forEachHanGram, forEachWord, hanKey } from './tokens';
import { oneLetterVariants } from './fuzzy-variants';
import { LexiconTable, type StoredLexiconEntry } from './lexicon-table';
import { understandQuery, type QueryPiece } from './query-understanding';
import { coverPieces, coversEnough, type CoverageSource } from './coverage';
import { Matches } from './match-scores';
import type { IndexState } from './index-state';
import { DEAD, KIND_INDEX, SlotTable, docKey } from './slot-table';

export type { Range } from './highlight';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  name: string;
  plainName: string;
  departmentId: string;
  /** An official's usual window ('' otherwise). */
  window: string;
  /** Where the best match was found. */
  field: MatchField;
  score: number;
  /** Found only after a one-letter correction or as a homophone. */
  fuzzy: boolean;
  /** Highlight ranges (UTF-16 offsets) in name and plainName. */
  nameRanges: Range[];
  plainNameRanges: Range[];
  /** The alias or tag that matched, if the match was in one, with its ranges. */
  tag: { text: string; ranges: Range[] } | null;
  /** English name ('' when none). */
  nameEn: string;
  /** Guides: states 不收费. */
  noFee: boolean;
  /** Fees: in force at the time of the search; notices: published and not expired. */
  current: boolean;
}

export type ResultGroup = 'guide' | 'fee' | 'official' | 'notice';
export const RESULT_GROUPS: readonly ResultGroup[] = ['guide', 'fee', 'official', 'notice'];

export interface SearchResults {
  query: string;
  /** The query after folding (simplified, lower case, half width). */
  folded: string;
  groups: Record<ResultGroup, SearchHit[]>;
  totals: Record<ResultGroup, number>;
  total: number;
  /** Departments whose name matched (shown as shortcuts). */
  departments: SearchHit[];
  /** True when nothing matched as typed and the hits come from a correction. */
  corrected: boolean;
  /** The query asks what something costs: fees come first, those of the top guide before the rest. */
  cost: boolean;
  /** For a cost question: the guide whose fee items lead the fee group. */
  costGuide: string | null;
  /** Ranked by how much of the question records cover (everyday phrasing), not by the catalogue-word rules. */
  understood: boolean;
}

export interface SearchOptions {
  /** Hits returned per group (totals count all). Default 20. */
  limit?: number;
  /** The time for 'in force' and 'published' checks; the kiosk passes its server-corrected clock. */
  nowMs?: number;
  /** The kiosk's own hall: its guides come first among equal matches. */
  hallId?: string;
}

/** Candidate checks one corrected query may spend over all its variants: keeps a typo keystroke cheap. */
const FUZZY_BUDGET = 16_000;
/** No single variant may spend more than this share of the budget, so one broad variant cannot starve the rest. */
const FUZZY_VARIANT_SHARE = 4;

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;

export class SearchIndex {
  /** Feed cursor the index reflects. */
  cursor = 0;

  /** The records, slot by slot (slot-table.ts). */
  private slots = new SlotTable();
  /** Scratch marks for de-duplicating candidates without a Set; a search bumps the stamp. */
  private marks = new Uint32Array(0);
  private stamp = 0;

  private hanShort = new Map<number, Posting>();
  private hanBody = new Map<number, Posting>();
  private pinyinKeys = new Map<number, Posting>();
  private words = new Map<string, Posting>();
  private sortedWords: string[] | null = null;
  /** 俗语词条: applied to queries, not indexed, so an entry changes results at once. */
  private lexicon = new LexiconTable();

  /** Builds an index of the given records in one go (sorted once, not inserted one by one). */
  static build(records: Iterable<ContentRecord>, cursor = 0): SearchIndex {
    const index = new SearchIndex();
    for (const record of records) index.addRecord(record, false);
    index.slots.sortOrder();
    index.cursor = cursor;
    return index;
  }

  /**
   * The same index as build(), made in slices of about `sliceMs` with a yield
   * between them, so a kiosk stays responsive to touch while a first build
   * runs (seconds on village hardware).
   */
  static async buildInSlices(
    records: readonly ContentRecord[],
    cursor = 0,
    sliceMs = 25,
    yieldToPage: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0)),
  ): Promise<SearchIndex> {
    const index = new SearchIndex();
    let sliceStart = performance.now();
    for (let i = 0; i < records.length; i++) {
      index.addRecord(records[i]!, false);
      if ((i & 63) === 63 && performance.now() - sliceStart > sliceMs) {
        await yieldToPage();
        sliceStart = performance.now();
      }
    }
    index.slots.sortOrder();
    index.cursor = cursor;
    return index;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Applies a page of feed changes in place; equal in effect to rebuilding from the resulting records. */
  applyChanges(changes: readonly FeedChange[], to?: number): void {
    for (const change of changes) {
      if (change.type === 'lexicon') {
        if (change.op === 'put') this.lexicon.put(change.record as LexiconEntry);
        else this.lexicon.delete(change.id);
        continue;
      }
      if (!isSearchedType(change.type)) continue;
      this.slots.retire(change.type, change.id);
      if (change.op === 'put') this.addRecord(change.record, true);
    }
    if (to !== undefined) this.cursor = to;
    if (this.slots.dead > 1000 && this.slots.dead > this.slots.length / 4) this.compact();
  }

  has(kind: SearchKind, id: string): boolean {
    return this.slots.slotOf.has(docKey(kind, id));
  }

  private addRecord(record: ContentRecord, keepOrder: boolean): void {
    if (record.type === 'lexicon') {
      this.lexicon.put(record);
      return;
    }
    const doc = toSearchDoc(record);
    if (!doc) return;
    this.slots.retire(doc.kind, doc.id);
    this.indexDoc(this.slots.add(doc, keepOrder), doc);
  }

  private indexDoc(slot: number, doc: SearchDoc): void {
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

  /** Squeezes retired slots out of every list and renumbers the live ones densely. */
  compact(): void {
    const newSlotOf = this.slots.compact();
    for (const map of [this.hanShort, this.hanBody, this.pinyinKeys] as Map<unknown, Posting>[]) compactMap(map, newSlotOf);
    compactMap(this.words as Map<unknown, Posting>, newSlotOf);
    this.sortedWords = null;
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

  // ---------------------------------------------------------------- search

  search(query: string, options: SearchOptions = {}): SearchResults {
    const limit = options.limit ?? 20;
    const nowMs = options.nowMs ?? Date.now();
    const folded = foldText(query).trim();
    const runs = splitQuery(folded);
    const empty = emptyResults(query, folded);
    if (runs.length === 0) return empty;
    this.slots.ensureRanks();

    let corrected = false;
    let understood = false;
    let terms = runs.map((r) => r.text);
    let perTerm = runs.map((run) => (run.kind === 'han' ? this.matchHan(run.text, 0) : this.matchLatin(run.text, 0)));
    let combined = this.combine(perTerm);
    // Catalogue words as typed keep the catalogue-word rules; a question in everyday words
    // (a frame taken out, a lexicon term, or nothing better than the body) is ranked by coverage.
    const reading = hasHan(folded)
      ? understandQuery(
          folded,
          this.lexicon,
          (pair) => this.isIndexedPair(pair),
          (text) => this.isIndexedPhrase(text),
        )
      : null;
    const cost = reading?.cost ?? false;
    if (reading && reading.pieces.length > 0 && (reading.changed || !this.isStrong(combined))) {
      const covered = this.coverageMatches(reading.pieces);
      if (covered.size > 0 || !this.isStrong(combined)) {
        combined = covered;
        understood = covered.size > 0;
        terms = reading.pieces.flatMap((p) => [p.text, ...p.senses.flatMap((s) => s.means)]);
      }
    }
    if (combined.size === 0 && !reading?.changed) {
      perTerm = runs.map((run, i) => (perTerm[i]!.size > 0 ? perTerm[i]! : this.matchFuzzy(run)));
      combined = this.combine(perTerm);
      corrected = combined.size > 0;
      terms = runs.map((r) => r.text);
    }
    if (combined.size === 0) return { ...empty, cost };

    const fuzzyTerms = corrected ? runs.map((_, i) => perTerm[i]!) : [];
    const byGroup: number[][] = [[], [], [], [], []];
    for (const slot of combined.slots) {
      const k = this.slots.kind[slot]!;
      // Notices outside their publication period and fees no longer in force are not public content;
      // fees not yet in force stay, marked (current: false), as the fee screen lists them as upcoming.
      if (k === KIND_INDEX.notice && !this.isCurrent(slot, nowMs)) continue;
      if (k === KIND_INDEX.fee && this.hasExpired(slot, nowMs)) continue;
      byGroup[k]!.push(slot);
    }
    const results: SearchResults = { ...empty, corrected, cost, understood };
    const hitOf = (slot: number) => this.hit(slot, combined.get(slot), terms, nowMs, fuzzyTerms.length > 0);
    const hall = options.hallId ?? '';
    const ranked: Record<ResultGroup, number[]> = { guide: [], fee: [], official: [], notice: [] };
    for (const group of RESULT_GROUPS) {
      const slots = byGroup[KIND_INDEX[group]]!;
      results.totals[group] = slots.length;
      results.total += slots.length;
      ranked[group] = this.topSlots(slots, combined, limit, hall, understood);
    }
    if (cost && ranked.guide[0] !== undefined) {
      // 多少钱: the fee items of the service named come first, in the guide's order, unless a fee
      // answers the question better on its own (收割机号牌工本费 is itself a fee's name).
      const guide = ranked.guide[0];
      results.costGuide = this.slots.ids[guide]!;
      const lead = (combined.get(guide) >> 4) + 1;
      const feeSlots = byGroup[KIND_INDEX.fee]!;
      const linked = this.slots.feeIds[guide]!.map((id) => this.slots.slotOf.get(docKey('fee', id)));
      linked.forEach((slot, i) => {
        if (slot === undefined || this.hasExpired(slot, nowMs)) return;
        const own = combined.get(slot);
        // Earlier fee items of the guide rank above later ones.
        const score = lead + linked.length - i;
        if (own >> 4 < score) combined.setPacked(slot, (score << 4) | (own & 15));
        if (!feeSlots.includes(slot)) {
          feeSlots.push(slot);
          results.totals.fee++;
          results.total++;
        }
      });
      ranked.fee = this.topSlots(feeSlots, combined, limit, hall, understood);
    }
    for (const group of RESULT_GROUPS) results.groups[group] = ranked[group].map(hitOf);
    results.departments = this.topSlots(byGroup[KIND_INDEX.department]!, combined, limit, hall).map(hitOf);
    if (results.total === 0 && results.departments.length === 0) return { ...empty };
    return results;
  }

  /** The most popular guides and the departments in their own order: what an empty result offers instead. */
  suggestions(count = 8): { guides: SearchHit[]; departments: SearchHit[] } {
    this.slots.ensureRanks();
    const guides: number[] = [];
    const departments: number[] = [];
    for (const slot of this.slots.order) {
      if (this.slots.kind[slot] === KIND_INDEX.guide) guides.push(slot);
      else if (this.slots.kind[slot] === KIND_INDEX.department) departments.push(slot);
    }
    const none = new Matches(this.slots.length);
    const pick = (slots: number[]) => this.topSlots(slots, none, count).map((s) => this.hit(s, 0, [], Date.now(), false));
    return { guides: pick(guides), departments: pick(departments) };
  }

  departmentName(departmentId: string): string {
    const slot = this.slots.slotOf.get(docKey('department', departmentId));
    return slot === undefined ? '' : this.slots.names[slot]!;
  }

  private hasExpired(slot: number, nowMs: number): boolean {
    const to = this.slots.validTo[slot]!;
    return !Number.isNaN(to) && to <= nowMs;
  }

  private isCurrent(slot: number, nowMs: number): boolean {
    const from = this.slots.validFrom[slot]!;
    const to = this.slots.validTo[slot]!;
    return (Number.isNaN(from) || from <= nowMs) && (Number.isNaN(to) || nowMs < to);
  }

  /** Whether the best match is in a short field (anything but the body): the catalogue-word rules found it. */
  private isStrong(m: Matches): boolean {
    const body = MATCH_FIELDS.indexOf('body');
    for (const slot of m.slots) if ((m.get(slot) & 15) !== body) return true;
    return false;
  }

  private isIndexedPair(pair: string): boolean {
    const cps = [...pair].map((c) => c.codePointAt(0)!);
    return cps.length === 2 && this.hanShort.has(hanKey(cps[0]!, cps[1]!));
  }

  private isIndexedPhrase(text: string): boolean {
    const cps = [...text].map((c) => c.codePointAt(0)!);
    const keys: number[] = [];
    for (let i = 0; i + 1 < cps.length; i++) keys.push(hanKey(cps[i]!, cps[i + 1]!));
    for (const slot of intersect(keys.map((k) => this.hanShort.get(k)?.view())))
      if (this.slots.kind[slot] !== DEAD && this.inShortFields(slot, text)) return true;
    return false;
  }

  /** Records covering enough of the question, scored by coverage (see coverage.ts). */
  private coverageMatches(pieces: QueryPiece[]): Matches {
    const out = new Matches(this.slots.length);
    const total = pieces.reduce((n, p) => n + [...p.text].length, 0);
    for (const [slot, c] of coverPieces(this.coverageSource(), pieces)) {
      if (!coversEnough(c, total)) continue;
      const field = MATCH_FIELDS.indexOf(c.field === 'alias' ? 'tag' : c.field === 'single' ? 'body' : c.field);
      out.setPacked(slot, (Math.max(1, Math.round(c.score)) << 4) | field);
    }
    return out;
  }

  private coverageSource(): CoverageSource {
    return {
      slotCount: this.slots.length,
      isLive: (slot) => this.slots.kind[slot] !== DEAD,
      hanShort: this.hanShort,
      hanBody: this.hanBody,
      foldedName: (slot) => this.slots.foldedNames[slot]!,
      foldedPlain: (slot) => this.slots.foldedPlain[slot]!,
      foldedAliases: (slot) => this.slots.foldedAliases[slot]!,
      foldedTags: (slot) => this.slots.foldedTags[slot]!,
      departmentOf: (slot) => this.slots.departmentIds[this.slots.dept[slot]!] ?? '',
      guideIdOf: (slot) => (this.slots.kind[slot] === KIND_INDEX.guide ? this.slots.ids[slot]! : null),
    };
  }

  /** The 俗语词条 the index applies to queries. */
  lexiconEntries(): StoredLexiconEntry[] {
    return this.lexicon.all();
  }

  /** Documents matching every term, with the summed packed score (tier * 16 + field). */
  private combine(perTerm: Matches[]): Matches {
    if (perTerm.length === 1) return perTerm[0]!;
    const [first, ...rest] = [...perTerm].sort((a, b) => a.size - b.size);
    const out = new Matches(this.slots.length);
    for (const slot of first!.slots) {
      const packed = first!.get(slot);
      let score = packed >> 4;
      let field = packed & 15;
      let ok = true;
      for (const other of rest) {
        const p = other.get(slot);
        if (p === 0) {
          ok = false;
          break;
        }
        score += p >> 4;
        field = Math.min(field, p & 15);
      }
      if (ok) out.setPacked(slot, (score << 4) | field);
    }
    return out;
  }

  private topSlots(slots: number[], scores: Matches, limit: number, hall = '', byLength = false): number[] {
    const score = (s: number) => scores.get(s) >> 4;
    const own = (s: number) => (hall && this.slots.hallIds[s] === hall ? 1 : 0);
    // Among equal coverage the shorter name is the plainer answer (遗体火化费 before 遗体火化费（拣灰炉）).
    const shorter = (a: number, b: number) => (byLength ? this.slots.names[a]!.length - this.slots.names[b]!.length : 0);
    const byRank = (a: number, b: number) =>
      score(b) - score(a) ||
      own(b) - own(a) ||
      this.slots.popularity[b]! - this.slots.popularity[a]! ||
      shorter(a, b) ||
      this.slots.rank[a]! - this.slots.rank[b]!;
    if (slots.length <= limit) return slots.sort(byRank);
    // Keep the top `limit` without sorting everything: a bounded insertion pass is cheap for small limits.
    const top: number[] = [];
    for (const s of slots) {
      if (top.length === limit && byRank(s, top[limit - 1]!) >= 0) continue;
      let i = top.length === limit ? limit - 1 : top.length;
      if (top.length < limit) top.push(s);
      while (i > 0 && byRank(s, top[i - 1]!) < 0) {
        top[i] = top[i - 1]!;
        i--;
      }
      top[i] = s;
    }
    return top;
  }

  private hit(slot: number, packed: number, terms: string[], nowMs: number, fuzzy: boolean): SearchHit {
    const k = SEARCH_KINDS[this.slots.kind[slot]!]!;
    const name = this.slots.names[slot]!;
    const plainName = this.slots.plainNames[slot]!;
    const nameRanges = highlight(this.slots.foldedNames[slot]!, name, terms);
    const plainNameRanges = highlight(this.slots.foldedPlain[slot]!, plainName, terms);
    let tag: SearchHit['tag'] = null;
    const field = MATCH_FIELDS[packed & 15] ?? 'body';
    if (field === 'tag') {
      const tags = [...this.slots.aliasLists[slot]!, ...this.slots.tagLists[slot]!];
      const folded = [...this.slots.foldedAliases[slot]!, ...this.slots.foldedTags[slot]!];
      for (let i = 0; i < tags.length && !tag; i++) {
        const ranges = highlight(folded[i]!, tags[i]!, terms);
        if (ranges.length > 0) tag = { text: tags[i]!, ranges };
      }
    }
    return {
      kind: k,
      id: this.slots.ids[slot]!,
      name,
      plainName,
      departmentId: this.slots.departmentIds[this.slots.dept[slot]!] ?? '',
      window: this.slots.windows[slot]!,
      field,
      score: packed >> 4,
      fuzzy,
      nameRanges,
      plainNameRanges,
      tag,
      nameEn: this.slots.nameEns[slot] ?? '',
      noFee: this.slots.noFee[slot] ?? false,
      current: this.isCurrent(slot, nowMs),
    };
  }

  // ------------------------------------------------------- term matchers
  // Each returns slot -> packed (tier - penalty) * 16 + field index, best per slot.

  private matchHan(term: string, penalty: number): Matches {
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
      // The body is matched on all bigrams of the term: words scattered over a long text say little.
      for (let i = 0; i + 1 < cps.length; i++) bodyKeys.push(hanKey(cps[i]!, cps[i + 1]!));
      for (const slot of intersect(shortKeys.map((k) => this.hanShort.get(k)?.view()))) {
        if (this.slots.kind[slot] === DEAD) continue;
        const tier = this.hanTier(slot, term) || (words.length > 1 && words.every((w) => this.inShortFields(slot, w)) ? Tier.WORDS : 0);
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

  /** `into` and `budget` serve corrections: many variants gathered in one set, within a bounded effort. */
  private matchLatin(term: string, penalty: number, budget?: { left: number }, into?: Matches): Matches {
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
  private matchFuzzy(run: { kind: 'han' | 'latin'; text: string }): Matches {
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

  // -------------------------------------------------- state for tests and persistence

  /** Everything observable, keyed by record, independent of slot numbering: equal for equal content. */
  canonicalState(): string {
    this.slots.ensureRanks();
    const termsOf = new Map<number, string[]>();
    const collect = (label: string, map: Map<unknown, Posting>) => {
      for (const [key, p] of map) {
        for (const slot of p.view()) {
          if (this.slots.kind[slot] === DEAD) continue;
          let list = termsOf.get(slot);
          if (!list) termsOf.set(slot, (list = []));
          list.push(`${label}${String(key)}`);
        }
      }
    };
    collect('h', this.hanShort as Map<unknown, Posting>);
    collect('b', this.hanBody as Map<unknown, Posting>);
    collect('p', this.pinyinKeys as Map<unknown, Posting>);
    collect('w', this.words as Map<unknown, Posting>);
    const docs = this.slots.order.map((slot) => ({
      key: docKey(SEARCH_KINDS[this.slots.kind[slot]!]!, this.slots.ids[slot]!),
      name: this.slots.names[slot],
      plain: this.slots.plainNames[slot],
      tags: this.slots.tagLists[slot],
      aliases: this.slots.aliasLists[slot],
      nameEn: this.slots.nameEns[slot],
      hall: this.slots.hallIds[slot],
      fees: this.slots.feeIds[slot],
      noFee: this.slots.noFee[slot],
      codes: this.slots.codes[slot],
      dept: this.slots.departmentIds[this.slots.dept[slot]!] ?? '',
      popularity: this.slots.popularity[slot],
      window: this.slots.windows[slot],
      valid: [this.slots.validFrom[slot], this.slots.validTo[slot]],
      terms: (termsOf.get(slot) ?? []).sort(),
    }));
    return JSON.stringify({ cursor: this.cursor, docs, lexicon: this.lexicon.all() });
  }

  /** @internal for persist.ts */
  exportState(): IndexState {
    this.compact();
    return {
      cursor: this.cursor,
      docs: this.slots.exportDocs(),
      lexicon: this.lexicon.all(),
      maps: { hanShort: this.hanShort, hanBody: this.hanBody, pinyinKeys: this.pinyinKeys, words: this.words },
    };
  }

  /** @internal for persist.ts */
  static importState(state: IndexState): SearchIndex {
    const index = new SearchIndex();
    index.cursor = state.cursor;
    index.slots = SlotTable.importDocs(state.docs);
    for (const entry of state.lexicon) index.lexicon.put(entry);
    index.hanShort = state.maps.hanShort;
    index.hanBody = state.maps.hanBody;
    index.pinyinKeys = state.maps.pinyinKeys;
    index.words = state.maps.words;
    return index;
  }
}

function compactMap(map: Map<unknown, Posting>, newSlotOf: Int32Array): void {
  for (const [key, p] of map) {
    p.remap(newSlotOf);
    if (p.n === 0) map.delete(key);
  }
}

function emptyResults(query: string, folded: string): SearchResults {
  return {
    query,
    folded,
    groups: { guide: [], fee: [], official: [], notice: [] },
    totals: { guide: 0, fee: 0, official: 0, notice: 0 },
    total: 0,
    departments: [],
    corrected: false,
    cost: false,
    costGuide: null,
    understood: false,
  };
}
