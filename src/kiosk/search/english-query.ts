/**
 * Reads a question typed in English the way query-understanding.ts reads a
 * Chinese one: the question frame (what do I need for, how much is …) is
 * taken out, cost words are remembered, and a resident's everyday word is
 * mapped to the word the catalogue's English names use (lost → replacement,
 * married → marriage). Used only when the words as typed find nothing, so
 * pinyin and catalogue names keep their own rules.
 */
import { parsesAsPinyin } from './pinyin';

/** Question frames and function words: never what the resident is looking for. */
const FRAME_WORDS = new Set(
  (
    'what whats which who where wheres when how hows why do does did done is are was were be been am ' +
    'i im me my mine we our us you your he his she her they their it its the a an this that these those there some any ' +
    'to for of in on at by with about from into and or can could should would will may must have has had ' +
    'need needs needed want wants wanted like please help tell know get gets getting got make apply applying application ' +
    'register registering go going bring take find office window counter document documents paper papers paperwork ' +
    'material materials required requirement requirements procedure procedures process step steps long time days'
  ).split(' '),
);

/** Asks what it costs. */
const COST_WORDS = new Set('much cost costs fee fees price prices charge charges pay paid payment money free expensive'.split(' '));

/** A resident's word → the word the catalogue's English names use. */
const EVERYDAY_WORDS: Record<string, string> = {
  lost: 'replacement',
  lose: 'replacement',
  missing: 'replacement',
  stolen: 'replacement',
  damaged: 'replacement',
  broken: 'replacement',
  replace: 'replacement',
  reissue: 'replacement',
  marry: 'marriage',
  married: 'marriage',
  marrying: 'marriage',
  wedding: 'marriage',
  divorced: 'divorce',
  baby: 'birth',
  babies: 'birth',
  newborn: 'birth',
  born: 'birth',
  child: 'birth',
  kid: 'birth',
  died: 'death',
  dead: 'death',
  die: 'death',
  dies: 'death',
  deceased: 'death',
  passed: 'death',
  pregnant: 'pregnancy',
  jobless: 'unemployment',
  unemployed: 'unemployment',
  retired: 'pension',
  retirement: 'pension',
  disabled: 'disabilities',
  disability: 'disabilities',
  license: 'licence',
  licenses: 'licence',
  licences: 'licence',
  restaurant: 'food',
  eatery: 'food',
  shop: 'business',
  store: 'business',
  identity: 'id',
};

export interface EnglishReading {
  /** The words left to match, each with its other forms (subsidy, subsidies): one of them must match. */
  terms: string[][];
  /** The question asks what something costs. */
  cost: boolean;
}

const isEnglishWord = (term: string) => /^[a-z]+$/.test(term);

/** The word and its singular or plural, since names say "subsidies" and residents "subsidy". */
function formsOf(word: string): string[] {
  if (word.length < 4) return [word];
  if (word.endsWith('ies')) return [word, `${word.slice(0, -3)}y`];
  if (word.endsWith('y')) return [word, `${word.slice(0, -1)}ies`];
  if (word.endsWith('s') && !word.endsWith('ss')) return [word, word.slice(0, -1)];
  return [word, `${word}s`];
}

/**
 * The words of an English question worth matching, or null when the query is
 * not English words, or is pinyin typed with spaces.
 */
export function readEnglishQuestion(terms: string[]): EnglishReading | null {
  if (terms.length === 0 || !terms.every(isEnglishWord)) return null;
  // 'can ji ren' is pinyin typed with spaces, not English.
  if (terms.every((t) => parsesAsPinyin(t, true))) return null;
  let cost = false;
  const kept: string[] = [];
  for (const term of terms) {
    if (COST_WORDS.has(term)) cost = true;
    else if (!FRAME_WORDS.has(term)) {
      const mapped = EVERYDAY_WORDS[term] ?? term;
      if (!kept.includes(mapped)) kept.push(mapped);
    }
  }
  return kept.length === 0 ? null : { terms: kept.map(formsOf), cost };
}
