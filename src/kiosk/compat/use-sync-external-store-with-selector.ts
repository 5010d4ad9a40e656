/**
 * useSyncExternalStoreWithSelector for Preact. @tanstack/react-store imports
 * it from 'use-sync-external-store/shim/with-selector'; preact/compat only
 * has useSyncExternalStore, so vite.config.ts aliases that import here.
 * Same contract as React's shim: the selection is memoised per snapshot and
 * kept when isEqual says it did not change, so components re-render only
 * when their slice changes.
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'preact/compat';

export { useSyncExternalStore };

export function useSyncExternalStoreWithSelector<Snapshot, Selection>(
  subscribe: (onStoreChange: () => void) => () => void,
  getSnapshot: () => Snapshot,
  getServerSnapshot: undefined | null | (() => Snapshot),
  selector: (snapshot: Snapshot) => Selection,
  isEqual?: (a: Selection, b: Selection) => boolean,
): Selection {
  const inst = useRef<{ hasValue: boolean; value: Selection | null }>({ hasValue: false, value: null }).current;

  const [getSelection, getServerSelection] = useMemo(() => {
    let hasMemo = false;
    let memoSnapshot: Snapshot;
    let memoSelection: Selection;
    const select = (next: Snapshot): Selection => {
      if (!hasMemo) {
        hasMemo = true;
        memoSnapshot = next;
        const nextSelection = selector(next);
        if (isEqual && inst.hasValue && isEqual(inst.value as Selection, nextSelection)) {
          memoSelection = inst.value as Selection;
          return memoSelection;
        }
        memoSelection = nextSelection;
        return nextSelection;
      }
      if (Object.is(memoSnapshot, next)) return memoSelection;
      const nextSelection = selector(next);
      if (isEqual && isEqual(memoSelection, nextSelection)) {
        memoSnapshot = next;
        return memoSelection;
      }
      memoSnapshot = next;
      memoSelection = nextSelection;
      return nextSelection;
    };
    return [() => select(getSnapshot()), getServerSnapshot ? () => select(getServerSnapshot()) : undefined];
  }, [getSnapshot, getServerSnapshot, selector, isEqual]);

  const value = useSyncExternalStore(subscribe, getSelection, getServerSelection as (() => Selection) | undefined);
  useEffect(() => {
    inst.hasValue = true;
    inst.value = value;
  }, [value]);
  return value;
}
