/**
 * The kiosk's offline search index: what a query finds and in what order.
 *
 * Its parts, one job each: the records' fields slot by slot (slot-table.ts),
 * the term postings and the per-term matchers (term-index.ts), the lexicon of
 * residents' words (lexicon-table.ts), query understanding and coverage for
 * everyday questions (query-understanding.ts, coverage.ts), fuzzy variants,
 * highlighting, and the saved form (index-state.ts, persist.ts). This class
 * keeps them in step on feed changes and turns per-term matches into ranked
 * result groups. A changed record is retired and stored under a new slot, so
 * posting lists stay sorted and append-only; compact() squeezes retired slots out.
 */ import type { ContentRecord, LexiconEntry } from '../../shared/content';
import type { FeedChange } from '../../shared/feed/protocol';
import { SEARCH_KINDS, isSearchedType, toSearchDoc, type SearchKind } from './documents';
import { foldText, hasHan, splitQuery } from './normalize';
import type { Posting } from './postings';
import { MATCH_FIELDS, type MatchField } from './ranking';
import { parsesAsPinyin } from './pinyin';

import { highlight, type Range } from './highlight';
import { LexiconTable, type StoredLexiconEntry } from './lexicon-table';
import { understandQuery, type QueryPiece } from './query-understanding';
import { coverPieces, coversEnough, type CoverageSource } from './coverage';
import { Matches } from './match-scores';
import { readEnglishQuestion } from './english-query';
import type { IndexState } from './index-state';
import { DEAD, KIND_INDEX, SlotTable, docKey } from './slot-table';
import { TermIndex } from './term-index';

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

export class SearchIndex {
  /** Feed cursor the index reflects. */
  cursor = 0;

  /** The records, slot by slot (slot-table.ts). */
  private slots = new SlotTable();
  /** The term postings and matchers over the slots (term-index.ts). */
  private terms = new TermIndex(this.slots);
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
    this.terms.add(this.slots.add(doc, keepOrder), doc);
  }

  /** Squeezes retired slots out of every list and renumbers the live ones densely. */
  compact(): void {
    this.terms.compact(this.slots.compact());
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
    let perTerm = runs.map((run) => (run.kind === 'han' ? this.terms.matchHan(run.text, 0) : this.terms.matchLatin(run.text, 0)));
    let combined = this.combine(perTerm);
    // Catalogue words as typed keep the catalogue-word rules; a question in everyday words
    // (a frame taken out, a lexicon term, or nothing better than the body) is ranked by coverage.
    const reading = hasHan(folded)
      ? understandQuery(
          folded,
          this.lexicon,
          (pair) => this.terms.isIndexedPair(pair),
          (text) => this.terms.isIndexedPhrase(text),
        )
      : null;
    let cost = reading?.cost ?? false;
    if (reading && reading.pieces.length > 0 && (reading.changed || !this.isStrong(combined))) {
      const covered = this.coverageMatches(reading.pieces);
      if (covered.size > 0 || !this.isStrong(combined)) {
        combined = covered;
        understood = covered.size > 0;
        terms = reading.pieces.flatMap((p) => [p.text, ...p.senses.flatMap((s) => s.means)]);
      }
    }
    if (combined.size === 0 && !reading && runs.length > 1 && runs.every((r) => parsesAsPinyin(r.text, true))) {
      // 'di bao': pinyin typed with a space between the syllables.
      const joined = runs.map((r) => r.text).join('');
      combined = this.terms.matchLatin(joined, 0);
      if (combined.size > 0) terms = [joined];
    }
    const english = combined.size === 0 && !reading ? readEnglishQuestion(terms) : null;
    if (english) {
      // "lost id card", "how much is an id card": frames out, everyday words mapped; a word
      // that matches nothing on its own (a wallet, a street name) does not block the others.
      const matched = english.terms.map((forms) => this.terms.matchAnyForm(forms)).filter((m) => m.size > 0);
      if (matched.length * 2 >= english.terms.length) {
        combined = this.combine(matched);
        understood = combined.size > 0;
        cost = english.cost;
        terms = english.terms.flat();
      }
    }
    if (combined.size === 0 && !reading?.changed && !understood) {
      perTerm = runs.map((run, i) => (perTerm[i]!.size > 0 ? perTerm[i]! : this.terms.matchFuzzy(run)));
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
      hanShort: this.terms.maps.hanShort,
      hanBody: this.terms.maps.hanBody,
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
    collect('h', this.terms.maps.hanShort as Map<unknown, Posting>);
    collect('b', this.terms.maps.hanBody as Map<unknown, Posting>);
    collect('p', this.terms.maps.pinyinKeys as Map<unknown, Posting>);
    collect('w', this.terms.maps.words as Map<unknown, Posting>);
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
      maps: this.terms.maps,
    };
  }

  /** @internal for persist.ts */
  static importState(state: IndexState): SearchIndex {
    const index = new SearchIndex();
    index.cursor = state.cursor;
    index.slots = SlotTable.importDocs(state.docs);
    for (const entry of state.lexicon) index.lexicon.put(entry);
    index.terms = new TermIndex(index.slots, state.maps);
    return index;
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
