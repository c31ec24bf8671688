"use client";

import { useRef, useState } from "react";

/**
 * Keys for a form's repeatable rows (steps, labels): stable while rows are added and removed, so each row's
 * uncontrolled inputs keep what was typed in them; reset() starts over with new keys (and empty rows).
 */
export function useRowKeys(prefix: string, initial: number) {
  const next = useRef(initial);
  const [keys, setKeys] = useState<readonly string[]>(() =>
    Array.from({ length: initial }, (_, i) => `${prefix}${i}`),
  );
  const fresh = () => `${prefix}${next.current++}`;
  return {
    keys,
    add() {
      const key = fresh();
      setKeys((rows) => [...rows, key]);
    },
    remove(key: string) {
      setKeys((rows) => rows.filter((row) => row !== key));
    },
    reset() {
      setKeys(Array.from({ length: initial }, fresh));
    },
  };
}
