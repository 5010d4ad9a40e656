/** How text becomes index keys: Han unigrams and bigrams, runs of letters and digits. */
import { isHanCodePoint, isLatinOrDigitCode } from './normalize';

/** A hanzi unigram is its code point; a bigram packs two code points above every unigram. */
export const hanKey = (a: number, b?: number) => (b === undefined ? a : a * 0x110000 + b);

/** Calls emit with Han unigrams (when asked) and bigrams of every run of Han characters. */
export function forEachHanGram(text: string, unigrams: boolean, emit: (key: number) => void): void {
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      cp = text.codePointAt(i)!;
      i++;
    }
    if (isHanCodePoint(cp)) {
      if (unigrams) emit(hanKey(cp));
      if (prev >= 0) emit(hanKey(prev, cp));
      prev = cp;
    } else prev = -1;
  }
}

/** Runs of ASCII letters and digits in folded text. */
export function forEachWord(text: string, emit: (word: string) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const isWordChar = i < text.length && isLatinOrDigitCode(text.charCodeAt(i));
    if (isWordChar && start < 0) start = i;
    else if (!isWordChar && start >= 0) {
      emit(text.slice(start, i));
      start = -1;
    }
  }
}
