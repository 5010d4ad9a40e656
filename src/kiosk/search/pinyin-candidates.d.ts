/** The pinyin candidate table (syllable → characters, most common first), provided by scripts/pinyin/vite-plugin.ts. */
declare module 'virtual:pinyin-candidates' {
  const data: Record<string, string>;
  export default data;
}
