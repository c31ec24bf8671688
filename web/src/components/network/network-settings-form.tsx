"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { TextAreaField } from "@/components/ui/textarea-field";
import { runMutation } from "@/lib/graphql/client-fetch";
import { UpdateNetworkMitigationMutation } from "@/lib/graphql/operations/network";
import { readNetworkSettings, settingsProblem } from "@/lib/mitigation/network-settings";

export interface NetworkSettings {
  policy?: unknown;
  safelist: readonly string[];
  maxActiveRules?: number | null;
  announcementsPerMinute?: number | null;
  speakers: readonly {
    name: string;
    kind: string;
    endpoint: string;
    control?: string | null;
    tls?: { caFingerprint: string; caSubject: string; caNotAfter: string; serverName?: string | null } | null;
  }[];
  providers: readonly {
    name: string;
    kind: string;
    settings: unknown;
    baseUrl?: string | null;
    hasCredentials: boolean;
  }[];
  prefixes: readonly { prefix: string; verified: boolean; note: string }[];
}

/** The page's JSON and list inputs: monospace, no spell check. */
function TextArea(props: Readonly<Parameters<typeof TextAreaField>[0] & { name: string }>) {
  return (
    <TextAreaField {...props} id={`net-${props.name}`} spellCheck={false} className="font-mono text-xs" />
  );
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** Speakers, providers (credentials write-only), prefixes, safelist, quotas and the escalation policy. */
export function NetworkSettingsForm({
  workspaceId,
  settings,
}: Readonly<{ workspaceId: string; settings: NetworkSettings }>) {
  const router = useRouter();
  const state = useFormState();
  const err = (name: string) => settingsProblem(state.fields, name);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const { draft, problems } = readNetworkSettings(new FormData(form));
    if (!draft) return state.invalid(problems);
    state.begin();
    const outcome = await runMutation(
      UpdateNetworkMitigationMutation,
      { input: { workspaceId, ...draft, policy: draft.policy ?? undefined } },
      (d) => d.updateNetworkMitigation,
    );
    if (!outcome.ok) return state.fail(outcome);
    // Credentials leave the page once sent: they are never shown again (nor is a CA's PEM: its fingerprint is).
    for (const name of ["credentials", "tlsCaCertificate"]) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLTextAreaElement) field.value = "";
    }
    state.succeed("Saved.");
    router.refresh();
  }

  const speakers = settings.speakers.map(({ name, kind, endpoint, control, tls }) => ({
    name,
    kind,
    endpoint,
    ...(control ? { control } : {}),
    ...(tls ? { tls: tls.serverName ? { serverName: tls.serverName } : {} } : {}),
  }));
  const providers = settings.providers.map(({ name, kind, settings: s, baseUrl }) => ({
    name,
    kind,
    settings: s,
    ...(baseUrl ? { baseUrl } : {}),
  }));
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
      aria-label="Network mitigation settings"
    >
      <div className="grid gap-4 md:grid-cols-2">
        <TextArea
          label="Prefixes this workspace owns"
          name="prefixes"
          rows={4}
          defaultValue={settings.prefixes.map((p) => p.prefix).join("\n")}
          hint="One per line; verified against the operator's allow-list."
          error={err("prefixes")}
        />
        <TextArea
          label="Safelist (never announced)"
          name="safelist"
          rows={4}
          defaultValue={settings.safelist.join("\n")}
          hint="Addresses or prefixes, one per line."
          error={err("safelist")}
        />
        <TextArea
          label="BGP speakers (JSON)"
          name="speakers"
          rows={6}
          defaultValue={speakers.length ? pretty(speakers) : ""}
          placeholder='[{"name": "edge", "kind": "GOBGP", "endpoint": "127.0.0.1:50051"}]'
          hint='kind GOBGP (gRPC target), EXABGP (relay FIFO + control answer file) or BIRD (include file + control socket). GoBGP over TLS: add "tls": {"serverName": "…"} and its CA certificate below.'
          error={err("speakers")}
        />
        <TextArea
          label="Cloud providers (JSON, without credentials)"
          name="providers"
          rows={6}
          defaultValue={providers.length ? pretty(providers) : ""}
          placeholder='[{"name": "cf", "kind": "CLOUDFLARE", "settings": {"accountId": "…"}}]'
          hint="kind CLOUDFLARE, OVH, HETZNER or WEBHOOK."
          error={err("providers")}
        />
        <TextArea
          label="Provider credentials (write-only)"
          name="credentials"
          rows={4}
          autoComplete="off"
          placeholder='{"cf": {"apiToken": "…"}}'
          hint="By provider name. Stored encrypted and never shown again; leave empty to keep the stored ones."
          error={err("credentials")}
        />
        <Field
          label="GoBGP speaker for the CA certificate"
          name="tlsSpeaker"
          placeholder="edge"
          hint="Its name in the speakers above; may be left empty when there is one GoBGP speaker."
          error={err("tlsSpeaker")}
        />
        <TextArea
          label="GoBGP CA certificate (PEM)"
          name="tlsCaCertificate"
          rows={4}
          placeholder="-----BEGIN CERTIFICATE-----"
          hint="The CA that signed gobgpd's --tls-cert-file (or that certificate). Turns TLS on for the speaker; leave empty to keep the stored one."
          error={err("tlsCaCertificate")}
        />
        <TextArea
          label="Escalation policy (JSON)"
          name="policy"
          rows={4}
          defaultValue={settings.policy ? pretty(settings.policy) : ""}
          hint="steps, maxLevel, rateLimitBytesPerSecond, ttlSeconds; empty keeps the current policy."
          error={err("policy")}
        />
        <Field
          label="Most rules at once"
          name="maxActiveRules"
          type="number"
          min={1}
          max={10_000}
          defaultValue={settings.maxActiveRules ?? 100}
          error={err("maxActiveRules")}
        />
        <Field
          label="Announcements per minute"
          name="announcementsPerMinute"
          type="number"
          min={1}
          max={1000}
          defaultValue={settings.announcementsPerMinute ?? 20}
          error={err("announcementsPerMinute")}
        />
      </div>
      {settings.speakers.some((s) => s.kind === "GOBGP") && (
        <ul className="flex flex-wrap gap-3 text-sm" aria-label="GoBGP TLS">
          {settings.speakers
            .filter((s) => s.kind === "GOBGP")
            .map((s) => (
              <li key={s.name} className="rounded-theme border border-muted/30 px-2 py-1">
                {s.name}:{" "}
                {s.tls
                  ? `TLS, CA ${s.tls.caSubject} (${s.tls.caFingerprint.slice(0, 23)}…), valid until ${s.tls.caNotAfter.slice(0, 10)}`
                  : "plaintext gRPC"}
              </li>
            ))}
        </ul>
      )}
      {settings.providers.length > 0 && (
        <ul className="flex flex-wrap gap-3 text-sm" aria-label="Stored credentials">
          {settings.providers.map((p) => (
            <li key={p.name} className="rounded-theme border border-muted/30 px-2 py-1">
              {p.name}: {p.hasCredentials ? "credentials stored" : "no credentials"}
            </li>
          ))}
        </ul>
      )}
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      {state.fields.length > 0 && !state.error && <ErrorMessage>Check the fields marked above.</ErrorMessage>}
      {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
      <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
        {state.busy ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
