"use client";

import { useState } from "react";
import type { FieldProblem } from "@/lib/graphql/outcome";

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
    fail(outcome: { message: string; fieldErrors: readonly FieldProblem[] }) {
      setBusy(false);
      setFields(outcome.fieldErrors);
      setError(outcome.message);
    },
    succeed(message: string | null = null, stillBusy = false) {
      setBusy(stillBusy);
      setDone(message);
    },
  };
}
