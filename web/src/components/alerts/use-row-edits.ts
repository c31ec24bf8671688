"use client";

import { useEffect, useRef, useState } from "react";

/**
 * What a list of rows with an edit form in place (channels, policies, windows) keeps about its rows: the
 * one row whose form is open, the rows with a change on its way (their buttons wait), and each row's Edit
 * button, which takes the focus back when its form closes (the button that had it is gone).
 *
 * - A save closes only its own form: one opened on another row meanwhile stays open with what was typed.
 * - While a form saves, no other form opens (it would close the saving one before its answer is shown).
 * - A row deleted or ended is `settle`d: it stays waiting until the rows show the change (a refresh that
 *   started before it may come first), so a second click does not act again on what is gone.
 */
export function useRowEdits<Row extends { id: string }>(rows: readonly Row[]) {
  const [editing, setEditing] = useState<string | null>(null);
  const [changing, setChanging] = useState<ReadonlySet<string>>(new Set());
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  /** Rows done and waiting for the refreshed rows to show it: each with how to tell. */
  const settling = useRef(new Map<string, (rows: readonly Row[]) => boolean>());
  /** The row whose Edit button takes the focus once it is enabled again (its form just closed). */
  const focusAfter = useRef<string | null>(null);
  const start = (id: string) => setChanging((ids) => new Set(ids).add(id));
  const end = (id: string) => setChanging((ids) => new Set([...ids].filter((other) => other !== id)));

  // A refresh that started before the change may come first: a row waits until the rows show it.
  useEffect(() => {
    const shown = [...settling.current].filter(([, done]) => done(rows)).map(([id]) => id);
    if (shown.length === 0) return;
    for (const id of shown) settling.current.delete(id);
    setChanging((ids) => new Set([...ids].filter((id) => !shown.includes(id))));
  }, [rows]);

  // Focused after the render that enables it (a disabled button, its save just ended, takes no focus),
  // and only while the focus is lost: not taken from wherever the user has gone on meanwhile.
  useEffect(() => {
    const id = focusAfter.current;
    if (!id) return;
    const active = document.activeElement;
    if (active && active !== document.body) {
      focusAfter.current = null;
      return;
    }
    const button = editButtons.current.get(id);
    if (!button || button.disabled) return;
    focusAfter.current = null;
    button.focus();
  });

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
    /**
     * Done on the server: the row waits until the refreshed rows show it (`shown`; by default, the row
     * gone), and its form, if open, closes.
     */
    settle(
      id: string,
      shown: (rows: readonly Row[]) => boolean = (now) => !now.some((row) => row.id === id),
    ) {
      settling.current.set(id, shown);
      setEditing((open) => (open === id ? null : open));
    },
    toggle(id: string) {
      setEditing((open) => (open === id ? null : id));
    },
    close(id: string) {
      setEditing((open) => (open === id ? null : open));
      focusAfter.current = id;
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
