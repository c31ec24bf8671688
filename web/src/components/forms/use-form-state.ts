"use client";

import { useState } from "react";
import type { FieldProblem } from "@/lib/graphql/outcome";
import { placeRefusal } from "@/lib/graphql/refusal";

/** What every form shows: busy while it submits, then the API's (or the browser's) problems or a success line. */
export function useFormState() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<readonly FieldProblem[]>([]);
  const [done, setDone] = useState<string | null>(null);
  return {
    busy,
    error,
    fields,
    done,
    /** Problems found before sending (browser-side validation). */
    invalid(problems: readonly FieldProblem[]) {
      setFields(problems);
      // The line of an earlier refusal no longer describes the form.
      setError(null);
      setDone(null);
    },
    begin() {
      setBusy(true);
      setError(null);
      setFields([]);
      setDone(null);
    },
    /**
     * Refused: the problems go beside their fields. With `placed` (the fields the form shows
     * problems on) the line under the form names only what no field shows, and a taken name
     * (CONFLICT) is marked on `conflictField` (placeRefusal); without it, the API's message.
     */
    fail(
      outcome: { code?: string; message: string; fieldErrors: readonly FieldProblem[] },
      placed?: readonly string[],
      conflictField?: string,
    ) {
      setBusy(false);
      const shown = placed
        ? placeRefusal({ ...outcome, code: outcome.code ?? "" }, placed, conflictField)
        : outcome;
      setFields(shown.fieldErrors);
      setError(shown.message);
    },
    succeed(message: string | null = null, stillBusy = false) {
      setBusy(stillBusy);
      setDone(message);
    },
  };
}
