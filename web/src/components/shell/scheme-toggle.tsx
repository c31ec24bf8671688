"use client";

import { useState } from "react";
import { SCHEME_EVENT } from "@/components/charts/uplot-chart";
import { nextScheme, SCHEME_COOKIE, type Scheme } from "@/lib/theme/scheme";

const LABEL: Record<Scheme, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

export function SchemeToggle({ initial }: Readonly<{ initial: Scheme }>) {
  const [scheme, setScheme] = useState(initial);
  function cycle() {
    const next = nextScheme(scheme);
    setScheme(next);
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie read by the server layout
    document.cookie = `${SCHEME_COOKIE}=${next}; Path=/; Max-Age=31536000; SameSite=Lax`;
    document.documentElement.classList.remove("light", "dark");
    if (next !== "system") document.documentElement.classList.add(next);
    window.dispatchEvent(new Event(SCHEME_EVENT));
  }
  return (
    <button
      type="button"
      onClick={cycle}
      className="rounded-theme px-2 py-1 text-left text-sm text-muted hover:text-text"
      title="Switch between system, light and dark"
    >
      {LABEL[scheme]}
    </button>
  );
}
