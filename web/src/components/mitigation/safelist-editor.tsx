"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { buttonPrimary } from "@/components/ui/styles";
import { TextAreaField } from "@/components/ui/textarea-field";
import { runMutation } from "@/lib/graphql/client-fetch";
import { SetMitigationSafelistMutation } from "@/lib/graphql/operations/mitigation";
import { prefixLines, prefixProblem, readPrefixes } from "@/lib/nodes/node-settings";

const HINT =
  "No firewall action of this workspace may drop or limit these: one IPv4 or IPv6 address or CIDR prefix a line (monitoring, your offices, upstream resolvers). Each agent also keeps its own firewall.safelist.";

/**
 * The workspace's firewall safelist (setMitigationSafelist replaces it whole). What was typed stays when
 * the API refuses a line, the problem named on the field; saved, the field shows the list as the API
 * stored it (canonical, sorted, without repeats). Without mitigation:manage it is shown read-only.
 */
export function SafelistEditor({
  workspaceId,
  prefixes,
  canManage,
}: Readonly<{ workspaceId: string; prefixes: readonly string[]; canManage: boolean }>) {
  const router = useRouter();
  const state = useFormState();
  // The list as this form saved it, until the page's own data (refreshed after the save) arrives.
  const [saved, setSaved] = useState<readonly string[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: new page data (a refresh) replaces what this form saved
  useEffect(() => setSaved(null), [prefixes]);
  const stored = saved ?? prefixes;
  const [sent, setSent] = useState<readonly string[]>([]);
  // Bumped on a save so the textarea starts again from the stored list.
  const [version, setVersion] = useState(0);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const lines = readPrefixes(String(new FormData(event.currentTarget).get("prefixes") ?? ""));
    setSent(lines);
    state.begin();
    const outcome = await runMutation(
      SetMitigationSafelistMutation,
      { input: { workspaceId, prefixes: lines } },
      (d) => d.setMitigationSafelist,
    );
    // Every line's problem is shown on the field; the line under the form names only the rest.
    if (!outcome.ok) return state.fail(outcome, ["prefixes", ...lines.map((_, i) => `prefixes.${i}`)]);
    const list = outcome.value.prefixes;
    setSaved(list);
    setVersion((v) => v + 1);
    state.succeed(
      list.length === 0
        ? "Saved: the safelist is empty."
        : `Saved: ${list.length} entr${list.length === 1 ? "y" : "ies"} on the safelist.`,
    );
    router.refresh();
  }

  if (!canManage)
    return stored.length === 0 ? (
      <p className="text-sm text-muted">
        Nothing is safelisted. An owner or admin (mitigation:manage) can add addresses here.
      </p>
    ) : (
      <ul className="flex flex-col gap-1 font-mono text-sm" aria-label="Safelisted addresses">
        {stored.map((prefix) => (
          <li key={prefix}>{prefix}</li>
        ))}
      </ul>
    );
  return (
    <form onSubmit={submit} noValidate aria-label="Firewall safelist" className="flex flex-col gap-4">
      <TextAreaField
        key={version}
        label="Safelisted addresses"
        name="prefixes"
        rows={5}
        spellCheck={false}
        className="font-mono"
        placeholder={"192.0.2.10\n198.51.100.0/24\n2001:db8::/48"}
        defaultValue={prefixLines(stored)}
        error={prefixProblem(state.fields, sent, "prefixes")}
        hint={HINT}
      />
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
      <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
        {state.busy ? "Saving…" : "Save safelist"}
      </button>
    </form>
  );
}
