// The network mitigation settings form → the updateNetworkMitigation input. Lists are one entry per line;
// speakers, providers and the escalation policy are JSON. Provider credentials are write-only: they are
// typed per provider name, sent only when given, and never read back (the API answers hasCredentials).
// A GoBGP speaker with "tls": {"serverName": …} (or {}) talks TLS; its CA certificate (PEM) is pasted
// in its own field with the speaker's name, sent only when given (the API keeps the stored one and
// answers its fingerprint).
// Pure, for node:test; the API validates again and answers with paths.
import type { FieldProblem } from "@/lib/graphql/outcome";

export const SPEAKER_KINDS = ["GOBGP", "EXABGP", "BIRD"] as const;
export const PROVIDER_KINDS = ["CLOUDFLARE", "OVH", "HETZNER", "WEBHOOK"] as const;

export interface SpeakerDraft {
  name: string;
  kind: (typeof SPEAKER_KINDS)[number];
  endpoint: string;
  control?: string | null;
  /** GOBGP only; caCertificate omitted keeps the stored one. */
  tls?: { caCertificate?: string; serverName?: string | null } | null;
}
export interface ProviderDraft {
  name: string;
  kind: (typeof PROVIDER_KINDS)[number];
  settings: Record<string, unknown>;
  baseUrl?: string | null;
  credentials?: Record<string, unknown> | null;
}
export interface NetworkSettingsDraft {
  prefixes: string[];
  safelist: string[];
  speakers: SpeakerDraft[];
  providers: ProviderDraft[];
  policy: Record<string, unknown> | null;
  maxActiveRules: number;
  announcementsPerMinute: number;
}

export const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean);

function json(text: string, path: string, problems: FieldProblem[]): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    problems.push({ path, message: `Not JSON: ${(error as Error).message}` });
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function speakersOf(value: unknown, problems: FieldProblem[]): SpeakerDraft[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ path: "speakers", message: "A JSON array" });
    return [];
  }
  return value.flatMap((s, i) => {
    if (!isObject(s) || typeof s.name !== "string" || typeof s.endpoint !== "string") {
      problems.push({ path: "speakers", message: `Speaker ${i + 1}: needs "name" and "endpoint"` });
      return [];
    }
    if (!SPEAKER_KINDS.includes(s.kind as SpeakerDraft["kind"])) {
      problems.push({
        path: "speakers",
        message: `Speaker ${i + 1}: "kind" is one of ${SPEAKER_KINDS.join(", ")}`,
      });
      return [];
    }
    if (s.tls !== undefined && s.tls !== null && !isObject(s.tls)) {
      problems.push({
        path: "speakers",
        message: `Speaker ${i + 1}: "tls" is an object, e.g. {"serverName": "…"}`,
      });
      return [];
    }
    return [
      {
        name: s.name,
        kind: s.kind as SpeakerDraft["kind"],
        endpoint: s.endpoint,
        control: typeof s.control === "string" ? s.control : null,
        ...(isObject(s.tls) && {
          tls: { serverName: typeof s.tls.serverName === "string" ? s.tls.serverName : null },
        }),
      },
    ];
  });
}

/**
 * The CA certificate pasted for one GoBGP speaker (by name; the only GoBGP speaker when the name is
 * left empty): turns its TLS on and sends the PEM.
 */
function withCaCertificate(
  speakers: SpeakerDraft[],
  name: string,
  pem: string,
  problems: FieldProblem[],
): SpeakerDraft[] {
  if (pem.trim() === "") {
    if (name) problems.push({ path: "tlsCaCertificate", message: "Paste the CA certificate (PEM)" });
    return speakers;
  }
  const gobgp = speakers.filter((s) => s.kind === "GOBGP");
  const target = name ? speakers.find((s) => s.name === name) : gobgp.length === 1 ? gobgp[0] : undefined;
  if (!target) {
    problems.push({
      path: "tlsSpeaker",
      message: name ? `No speaker is named "${name}"` : "Name the GoBGP speaker this certificate is for",
    });
    return speakers;
  }
  if (target.kind !== "GOBGP") {
    problems.push({ path: "tlsSpeaker", message: "TLS applies to GoBGP speakers only" });
    return speakers;
  }
  return speakers.map((s) =>
    s === target ? { ...s, tls: { serverName: s.tls?.serverName ?? null, caCertificate: pem.trim() } } : s,
  );
}

function providersOf(value: unknown, credentials: unknown, problems: FieldProblem[]): ProviderDraft[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ path: "providers", message: "A JSON array" });
    return [];
  }
  if (credentials !== undefined && !isObject(credentials)) {
    problems.push({
      path: "credentials",
      message: 'A JSON object by provider name, e.g. {"cf": {"apiToken": "…"}}',
    });
    return [];
  }
  const secrets = (credentials ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(secrets))
    if (!value.some((p) => isObject(p) && p.name === name))
      problems.push({ path: "credentials", message: `No provider is named "${name}"` });
  return value.flatMap((p, i) => {
    if (!isObject(p) || typeof p.name !== "string") {
      problems.push({ path: "providers", message: `Provider ${i + 1}: needs "name"` });
      return [];
    }
    if (!PROVIDER_KINDS.includes(p.kind as ProviderDraft["kind"])) {
      problems.push({
        path: "providers",
        message: `Provider ${i + 1}: "kind" is one of ${PROVIDER_KINDS.join(", ")}`,
      });
      return [];
    }
    if ("credentials" in p) {
      problems.push({ path: "providers", message: "Credentials go in the write-only field below, not here" });
      return [];
    }
    const secret = secrets[p.name];
    if (secret !== undefined && !isObject(secret))
      problems.push({ path: "credentials", message: `"${p.name}": a JSON object` });
    return [
      {
        name: p.name,
        kind: p.kind as ProviderDraft["kind"],
        settings: isObject(p.settings) ? p.settings : {},
        baseUrl: typeof p.baseUrl === "string" ? p.baseUrl : null,
        credentials: isObject(secret) ? secret : null,
      },
    ];
  });
}

function whole(text: string, path: string, min: number, max: number, problems: FieldProblem[]): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    problems.push({ path, message: `A whole number, ${min}–${max}` });
  return n;
}

export function readNetworkSettings(form: FormData): {
  draft: NetworkSettingsDraft | null;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const text = (key: string) => String(form.get(key) ?? "");
  const policy = json(text("policy"), "policy", problems);
  if (policy !== undefined && !isObject(policy)) problems.push({ path: "policy", message: "A JSON object" });
  const draft: NetworkSettingsDraft = {
    prefixes: lines(text("prefixes")),
    safelist: lines(text("safelist")),
    speakers: withCaCertificate(
      speakersOf(json(text("speakers"), "speakers", problems), problems),
      text("tlsSpeaker").trim(),
      text("tlsCaCertificate"),
      problems,
    ),
    providers: providersOf(
      json(text("providers"), "providers", problems),
      json(text("credentials"), "credentials", problems),
      problems,
    ),
    policy: isObject(policy) ? policy : null,
    maxActiveRules: whole(text("maxActiveRules"), "maxActiveRules", 1, 10_000, problems),
    announcementsPerMinute: whole(
      text("announcementsPerMinute"),
      "announcementsPerMinute",
      1,
      1000,
      problems,
    ),
  };
  return problems.length > 0 ? { draft: null, problems } : { draft, problems };
}

/** The problem for one form field: ours ("speakers") or the API's, nested ("input.speakers.0.endpoint"). */
export function settingsProblem(problems: readonly FieldProblem[], field: string): string | undefined {
  const hit = problems.find(
    (p) => p.path === field || p.path === `input.${field}` || p.path.startsWith(`input.${field}.`),
  );
  if (!hit) return undefined;
  const where = hit.path.startsWith(`input.${field}.`) ? hit.path.slice(`input.${field}.`.length) : "";
  return where ? `${where}: ${hit.message}` : hit.message;
}
