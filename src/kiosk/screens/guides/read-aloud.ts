/**
 * The system's Chinese voice, if the browser has one (many kiosk images have
 * none: then the offline voice in src/kiosk/speech speaks instead).
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
