/**
 * Read-aloud with pause, resume, repeat and stop, through the system's Chinese
 * voice when there is one and otherwise through the offline espeak-ng voice
 * (so the button is never missing and never silent). Loaded when a person
 * first taps 朗读.
 */
import { synthesizeMandarin } from './espeak-client';
import { speechPieces } from './pieces';
import { currentVolume, onVolumeChange, registerSpeech } from './session';
import { kioskLog } from '../log/kiosk-log';

export type PlayerState = 'idle' | 'preparing' | 'speaking' | 'paused';

export interface ReadAloudPlayer {
  readonly engine: 'system' | 'offline';
  play(text: string): void;
  pause(): void;
  resume(): void;
  /** Starts again from the beginning. */
  repeat(): void;
  stop(): void;
  /** Stops and lets go of everything (the screen is leaving). */
  dispose(): void;
}

export function createPlayer(voice: SpeechSynthesisVoice | undefined, onState: (state: PlayerState) => void): ReadAloudPlayer {
  return voice ? new SystemVoicePlayer(voice, onState) : new OfflineVoicePlayer(onState);
}

abstract class BasePlayer implements ReadAloudPlayer {
  abstract readonly engine: 'system' | 'offline';
  protected text = '';
  protected state: PlayerState = 'idle';
  private unregister = registerSpeech(() => this.stop());
  private unwatchVolume = onVolumeChange((v) => this.applyVolume(v));

  constructor(private readonly report: (state: PlayerState) => void) {}

  protected set(state: PlayerState) {
    this.state = state;
    this.report(state);
  }
  play(text: string) {
    this.stop();
    this.text = text;
    this.start(speechPieces(text));
  }
  repeat() {
    if (this.text) this.play(this.text);
  }
  dispose() {
    this.stop();
    this.unregister();
    this.unwatchVolume();
  }
  protected abstract start(pieces: string[]): void;
  protected abstract applyVolume(volume: number): void;
  abstract pause(): void;
  abstract resume(): void;
  abstract stop(): void;
}

/** speechSynthesis, one piece at a time so a volume change applies from the next piece. */
class SystemVoicePlayer extends BasePlayer {
  readonly engine = 'system' as const;
  private run = 0;

  constructor(
    private readonly voice: SpeechSynthesisVoice,
    onState: (state: PlayerState) => void,
  ) {
    super(onState);
  }

  protected start(pieces: string[]) {
    const run = ++this.run;
    const speak = (i: number) => {
      if (run !== this.run) return;
      if (i >= pieces.length) return this.set('idle');
      const u = new SpeechSynthesisUtterance(pieces[i]);
      u.voice = this.voice;
      u.lang = this.voice.lang;
      u.rate = 0.9;
      u.volume = currentVolume();
      u.onend = () => speak(i + 1);
      u.onerror = () => run === this.run && this.set('idle');
      speechSynthesis.speak(u);
    };
    this.set('speaking');
    speak(0);
  }
  protected applyVolume() {
    // Takes effect from the next piece (an utterance's volume is fixed once it is queued).
  }
  pause() {
    if (this.state !== 'speaking') return;
    speechSynthesis.pause();
    this.set('paused');
  }
  resume() {
    if (this.state !== 'paused') return;
    speechSynthesis.resume();
    this.set('speaking');
  }
  stop() {
    this.run++;
    // The screen may outlive the browser's speech object (tests, a crashed engine): never throw on stop.
    globalThis.speechSynthesis?.cancel();
    if (this.state !== 'idle') this.set('idle');
  }
}

/** espeak-ng in a worker; the next piece is made while this one plays. */
class OfflineVoicePlayer extends BasePlayer {
  readonly engine = 'offline' as const;
  private run = 0;
  private readonly audio = new Audio();
  private url: string | undefined;

  protected start(pieces: string[]) {
    const run = ++this.run;
    this.set('preparing');
    const made = new Map<number, Promise<ArrayBuffer>>();
    const make = (i: number) => {
      if (!made.has(i)) made.set(i, synthesizeMandarin(pieces[i]!));
      return made.get(i)!;
    };
    const playPiece = async (i: number): Promise<void> => {
      if (i >= pieces.length) return this.set('idle');
      const wav = await make(i);
      if (run !== this.run) return;
      if (i + 1 < pieces.length) void make(i + 1).catch(() => undefined);
      this.release();
      this.url = URL.createObjectURL(new Blob([wav], { type: 'audio/wav' }));
      this.audio.src = this.url;
      this.audio.volume = currentVolume();
      this.audio.onended = () => void playPiece(i + 1).catch(fail);
      // Paused while the piece was being made: it waits for 继续.
      if (this.state === 'paused') return;
      await this.audio.play();
      if (run === this.run && this.state === 'preparing') this.set('speaking');
    };
    const fail = (err: unknown) => {
      kioskLog.error('offline voice failed', err);
      if (run === this.run) this.set('idle');
    };
    void playPiece(0).catch(fail);
  }
  protected applyVolume(volume: number) {
    this.audio.volume = volume;
  }
  pause() {
    if (this.state !== 'speaking' && this.state !== 'preparing') return;
    this.audio.pause();
    this.set('paused');
  }
  resume() {
    if (this.state !== 'paused') return;
    this.set('speaking');
    if (this.audio.src) void this.audio.play().catch(() => this.set('idle'));
  }
  stop() {
    this.run++;
    this.audio.pause();
    this.audio.onended = null;
    this.audio.removeAttribute('src');
    this.release();
    if (this.state !== 'idle') this.set('idle');
  }
  private release() {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = undefined;
  }
}
