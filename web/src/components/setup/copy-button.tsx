"use client";

import { useState } from "react";

export function CopyButton({ text, label = "Copy" }: Readonly<{ text: string; label?: string }>) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => setState("copied"),
          () => setState("failed"),
        )
      }
      className="rounded-theme border border-muted/40 px-2 py-1 text-xs font-medium hover:border-primary"
    >
      {state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : label}
    </button>
  );
}

/** A command or secret in a box with a copy button. */
export function CodeBlock({ code, label }: Readonly<{ code: string; label: string }>) {
  return (
    <div className="relative rounded-theme border border-muted/30 bg-background">
      <div className="flex items-center justify-between border-b border-muted/20 px-3 py-1.5">
        <span className="text-xs font-medium text-muted">{label}</span>
        <CopyButton text={code} />
      </div>
      <pre className="whitespace-pre-wrap break-all p-3 font-mono text-xs leading-relaxed">
        <code>{code}</code>
      </pre>
    </div>
  );
}
