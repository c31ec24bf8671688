"use client";

import { useState } from "react";
import { type FieldProblem, unplacedProblems } from "@/lib/graphql/outcome";

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
      setDone(null);
    },
    begin() {
      setBusy(true);
      setError(null);
      setFields([]);
      setDone(null);
    },
    /**
     * Refused: the problems go beside their fields; `placed` names the fields the form shows them
     * on, so the line under the form says only what no field does (without it, the API's message).
     */
    fail(outcome: { message: string; fieldErrors: readonly FieldProblem[] }, placed?: readonly string[]) {
      setBusy(false);
      setFields(outcome.fieldErrors);
      setError(placed ? unplacedProblems(outcome, placed) : outcome.message);
    },
    succeed(message: string | null = null, stillBusy = false) {
      setBusy(stillBusy);
      setDone(message);
    },
  };
}
