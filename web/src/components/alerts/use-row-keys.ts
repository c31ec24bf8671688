"use client";

import { useRef, useState } from "react";

/**
 * Keys for a form's repeatable rows (steps, labels): stable while rows are added and removed, so each row's
 * uncontrolled inputs keep what was typed in them; reset() starts over with new keys (and empty rows).
 * `initialKeys` are the first render's, in order: an edit form fills those rows with the stored values.
 * `onRowsChanged`: a row added or removed; the API's problems name rows by position (`steps.1`), so the
 * form drops them then rather than show them on the row that moved into that place.
 */
export function useRowKeys(prefix: string, initial: number, onRowsChanged?: () => void) {
  const next = useRef(initial);
  const [initialKeys] = useState<readonly string[]>(() =>
    Array.from({ length: initial }, (_, i) => `${prefix}${i}`),
  );
  const [keys, setKeys] = useState<readonly string[]>(initialKeys);
  const fresh = () => `${prefix}${next.current++}`;
  return {
    keys,
    initialKeys,
    add() {
      const key = fresh();
      setKeys((rows) => [...rows, key]);
      onRowsChanged?.();
    },
    remove(key: string) {
      setKeys((rows) => rows.filter((row) => row !== key));
      onRowsChanged?.();
    },
    reset() {
      setKeys(Array.from({ length: initial }, fresh));
    },
  };
}
