/**
 * 朗读 with pause/continue, read again, stop and volume. Always offered: the
 * system's Chinese voice when there is one, else the offline voice (loaded on
 * the first tap). While speech plays the visit counts as active.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useActivityHold } from '../../app/activity';
import { useKioskUi } from '../../app/ui-state';
import type { PlayerState, ReadAloudPlayer } from '../../speech/player';
import { currentVolume, onVolumeChange, setVolume } from '../../speech/session';
import { useChineseVoice } from './read-aloud';

/** The offline voice needs WebAssembly and workers; every kiosk browser has both, old test doubles may not. */
export function offlineVoicePossible(): boolean {
  return typeof WebAssembly === 'object' && typeof Worker === 'function' && typeof Audio === 'function';
}

export function ReadAloudControls(props: { text: () => string }) {
  const { t } = useKioskUi();
  const voice = useChineseVoice();
  const [state, setState] = useState<PlayerState>('idle');
  const [volume, setVolumeShown] = useState(currentVolume);
  const player = useRef<ReadAloudPlayer | undefined>(undefined);
  const engineFor = useRef<SpeechSynthesisVoice | undefined | null>(null);
  useActivityHold(state === 'speaking' || state === 'preparing');
  useEffect(() => onVolumeChange(setVolumeShown), []);
  useEffect(() => () => player.current?.dispose(), []);

  if (!voice && !offlineVoicePossible()) return null;

  const play = async () => {
    if (!player.current || engineFor.current !== voice) {
      player.current?.dispose();
      setState('preparing');
      const { createPlayer } = await import('../../speech/player');
      player.current = createPlayer(voice, setState);
      engineFor.current = voice;
    }
    player.current.play(props.text());
  };

  if (state === 'idle')
    return (
      <div class="read-aloud" role="group" aria-label={t('readAloud')}>
        <button type="button" class="button button-secondary" data-testid="read-aloud" onClick={() => void play()}>
          {/* Drawn, not an emoji: many kiosk images have no emoji font and show a box instead. */}
          <svg class="read-aloud-icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true">
            <path
              d="M3 9v6h4l5 4V5L7 9H3zm13.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z"
              fill="currentColor"
            />
          </svg>{' '}
          {t('readAloud')}
        </button>
      </div>
    );

  return (
    <div class="read-aloud" role="group" aria-label={t('readAloud')} data-state={state}>
      {state === 'paused' ? (
        <button type="button" class="button button-primary" data-testid="read-resume" onClick={() => player.current?.resume()}>
          {t('resumeReading')}
        </button>
      ) : (
        <button type="button" class="button button-secondary" data-testid="read-pause" onClick={() => player.current?.pause()}>
          {state === 'preparing' ? t('readAloudPreparing') : t('pauseReading')}
        </button>
      )}
      <button type="button" class="button button-secondary" data-testid="read-repeat" onClick={() => player.current?.repeat()}>
        {t('repeatReading')}
      </button>
      <button type="button" class="button button-secondary" data-testid="read-stop" onClick={() => player.current?.stop()}>
        {t('stopReading')}
      </button>
      <span class="read-aloud-volume">
        <button
          type="button"
          class="button button-secondary"
          aria-label={t('volumeDown')}
          disabled={volume <= 0.2}
          onClick={() => setVolume(volume - 0.2)}
        >
          −
        </button>
        <span data-testid="read-volume" aria-live="polite">
          {t('volumeLevel', { n: Math.round(volume * 100) })}
        </span>
        <button
          type="button"
          class="button button-secondary"
          aria-label={t('volumeUp')}
          disabled={volume >= 1}
          onClick={() => setVolume(volume + 0.2)}
        >
          +
        </button>
      </span>
    </div>
  );
}
