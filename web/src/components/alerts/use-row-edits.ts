"use client";

import { useEffect, useRef, useState } from "react";

/**
 * What a list of rows with an edit form in place (channels, policies, windows) keeps about its rows: the
 * one row whose form is open, the rows with a change on its way (their buttons wait), and each row's Edit
 * button, which takes the focus back when its form closes (the button that had it is gone).
 *
 * - A save closes only its own form: one opened on another row meanwhile stays open with what was typed.
 * - While a form saves, no other form opens (it would close the saving one before its answer is shown).
 * - A row deleted or ended is `settle`d: it stays waiting until `rows` changes (the refresh shows it), so a
 *   second click does not act again on what is gone.
 */
export function useRowEdits(rows: readonly unknown[]) {
  const [editing, setEditing] = useState<string | null>(null);
  const [changing, setChanging] = useState<ReadonlySet<string>>(new Set());
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  const settling = useRef(new Set<string>());
  const start = (id: string) => setChanging((ids) => new Set(ids).add(id));
  const end = (id: string) => setChanging((ids) => new Set([...ids].filter((other) => other !== id)));

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again because the rows changed
  useEffect(() => {
    const settled = settling.current;
    if (settled.size === 0) return;
    settling.current = new Set();
    setChanging((ids) => new Set([...ids].filter((id) => !settled.has(id))));
  }, [rows]);

  const waits = (id: string) => changing.has(id);
  return {
    editing,
    isOpen: (id: string) => editing === id,
    /** The row's buttons wait: a change of it is on its way. */
    waits,
    /** Its Edit waits too while another row's form saves. */
    editWaits: (id: string) => waits(id) || (editing !== null && editing !== id && changing.has(editing)),
    start,
    end,
    /** Done, and gone or changed on the server: waits until the refreshed rows come. */
    settle(id: string) {
      settling.current.add(id);
      if (editing === id) setEditing(null);
    },
    toggle(id: string) {
      setEditing((open) => (open === id ? null : id));
    },
    close(id: string) {
      setEditing((open) => (open === id ? null : open));
      editButtons.current.get(id)?.focus();
    },
    /** For the row's Edit button. */
    editButton: (id: string) => (button: HTMLButtonElement | null) => {
      if (button) editButtons.current.set(id, button);
      else editButtons.current.delete(id);
    },
    /** For the row's form: its save on its way, or over. */
    formBusy: (id: string) => (busy: boolean) => (busy ? start(id) : end(id)),
  };
}
