/**
 * The hidden way into the staff panel: five taps in the top-left corner
 * within three seconds.
 */
import { useRef } from 'preact/hooks';

export const STAFF_TAPS = 5;
export const STAFF_TAP_WINDOW_MS = 3000;

/** An invisible hot corner; not focusable and hidden from assistive technology on purpose. */
export function StaffCorner(props: { onUnlockRequest: () => void }) {
  const taps = useRef<number[]>([]);
  return (
    <div
      class="staff-corner"
      aria-hidden="true"
      data-testid="staff-corner"
      onPointerDown={() => {
        const now = Date.now();
        taps.current = [...taps.current.filter((t) => now - t < STAFF_TAP_WINDOW_MS), now];
        if (taps.current.length >= STAFF_TAPS) {
          taps.current = [];
          props.onUnlockRequest();
        }
      }}
    />
  );
}
