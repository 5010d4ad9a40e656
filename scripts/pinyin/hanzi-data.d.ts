/**
 * hanzi's copy of Jun Da's modern Chinese character frequency list: one line per
 * character, most frequent first, tab-separated (rank, character, count,
 * cumulative percent, readings, meanings).
 */
declare module 'hanzi/lib/data/frequencyjunda.txt.js' {
  const lines: string;
  export default lines;
}
