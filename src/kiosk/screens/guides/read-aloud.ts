/**
 * Read-aloud through the Web Speech API, offered only when a Chinese voice is
 * installed (on many kiosks none is, and a silent button would mislead).
 */
import { useEffect, useState } from 'preact/hooks';

export function findChineseVoice(voices: SpeechSynthesisVoice[]): SpeechSynthesisVoice | undefined {
  const zh = voices.filter((v) => /^zh([-_]|$)/i.test(v.lang) || /^cmn/i.test(v.lang));
  return zh.find((v) => /CN|Hans/i.test(v.lang)) ?? zh[0];
}

export function useChineseVoice(): SpeechSynthesisVoice | undefined {
  const synth = typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis;
  const [voice, setVoice] = useState(() => (synth ? findChineseVoice(synth.getVoices()) : undefined));
  useEffect(() => {
    if (!synth) return;
    const update = () => setVoice(findChineseVoice(synth.getVoices()));
    update();
    synth.addEventListener?.('voiceschanged', update);
    return () => {
      synth.removeEventListener?.('voiceschanged', update);
      synth.cancel();
    };
  }, [synth]);
  return voice;
}

/** Long text is spoken in sentence-sized pieces: some engines stop after ~15 s of one utterance. */
export function speakChunks(text: string, voice: SpeechSynthesisVoice, onEnd: () => void): void {
  speechSynthesis.cancel();
  const pieces = text
    .split(/(?<=[。！？；\n])/)
    .map((s) => s.trim())
    .filter(Boolean);
  pieces.forEach((piece, i) => {
    const u = new SpeechSynthesisUtterance(piece);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    if (i === pieces.length - 1) u.onend = onEnd;
    speechSynthesis.speak(u);
  });
}
