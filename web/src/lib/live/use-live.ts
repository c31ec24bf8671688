"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { Operation } from "@/lib/graphql/request";
import { type LiveStatus, liveStatus, onLiveStatus, subscribe } from "./live-client";

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(onLiveStatus, liveStatus, () => "idle");
}

/**
 * Subscribes while mounted (and while `variables` stay the same, compared as JSON); `onData` may change on
 * every render without resubscribing. Returns the last error message, if the subscription was refused.
 */
export function useSubscription<TData, TVariables extends Record<string, unknown>>(
  document: Operation<TData, TVariables>,
  variables: TVariables | null,
  onData: (data: TData) => void,
): string | null {
  const handler = useRef(onData);
  handler.current = onData;
  const [error, setError] = useState<string | null>(null);
  const key = variables ? JSON.stringify(variables) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `variables` (compared by value)
  useEffect(() => {
    if (!variables) return;
    setError(null);
    return subscribe(document, variables, {
      next: (data) => handler.current(data),
      error: setError,
    });
  }, [document, key]);
  return error;
}
