"use client";

// The incident page's shareable address, copied with one press (the address bar's own: on a custom
// domain that is the tenant's host). Without the clipboard API (plain http, old browsers) the link is
// still there to copy by hand.
import { useState } from "react";

export function CopyLinkButton({ path }: Readonly<{ path: string }>) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(new URL(path, window.location.href).toString());
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <span className="flex items-center gap-2">
      <a
        className="underline underline-offset-4 hover:text-primary"
        href={path}
        data-testid="incident-permalink"
      >
        Link to this incident
      </a>
      <button
        type="button"
        onClick={copy}
        className="rounded-theme border border-muted/40 px-2 py-0.5 text-xs hover:border-primary"
      >
        {copied ? "Copied" : "Copy link"}
      </button>
    </span>
  );
}
