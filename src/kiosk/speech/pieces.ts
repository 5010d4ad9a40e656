/**
 * Long text is spoken in pieces: some system voices stop after ~15 s of one
 * utterance, and the offline voice starts sooner on a short first piece and
 * makes the next piece while this one plays.
 */
export function speechPieces(text: string, options: { firstMax?: number; max?: number } = {}): string[] {
  const firstMax = options.firstMax ?? 40;
  const max = options.max ?? 120;
  const sentences = text
    .split(/(?<=[。！？；\n])/)
    .map((s) => s.trim())
    .filter(Boolean);
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    const limit = pieces.length === 0 ? firstMax : max;
    if (current && current.length + sentence.length > limit) {
      pieces.push(current);
      current = '';
    }
    current += sentence;
  }
  if (current) pieces.push(current);
  return pieces;
}
