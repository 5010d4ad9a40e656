/** pinyin-pro's two-character word list (words whose reading is not each character's usual one), most frequent first. */
declare module 'pinyin-pro/dist/esm/data/dict2.mjs' {
  const words: Record<string, string>;
  export default words;
}
