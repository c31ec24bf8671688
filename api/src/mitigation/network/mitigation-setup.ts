import type { SecretBox } from "../../secrets/secret-box.ts";
import type { CloudProvider } from "./cloud/cloud-provider.ts";
import { CloudflareMagicTransit } from "./cloud/cloudflare-provider.ts";
import { HetznerRobot } from "./cloud/hetzner-provider.ts";
import { OvhProvider } from "./cloud/ovh-provider.ts";
import { SignedWebhook } from "./cloud/webhook-provider.ts";
import type { IntentProblem } from "./intent.ts";
import { endpointAllowed, type NetworkMitigationSettings } from "./network-mitigation.settings.ts";
import { BirdSpeaker } from "./speakers/bird-speaker.ts";
import { ExaBgpSpeaker } from "./speakers/exabgp-speaker.ts";
import { checkGoBgpTls, type GoBgpTls } from "./speakers/gobgp-tls.ts";
import type { Speaker } from "./speakers/speaker.ts";

/** A speaker as stored (network_mitigation_config.speakers) and configured in GraphQL. */
export interface SpeakerConfig {
  name: string;
  kind: "GOBGP" | "EXABGP" | "BIRD";
  /** GOBGP: gRPC target. EXABGP: the relay's command FIFO. BIRD: the include file Levee writes. */
  endpoint: string;
  /** EXABGP: the relay's answer file. BIRD: birdc's control socket. */
  control?: string;
  /** GOBGP: TLS on the gRPC channel (CA certificate to verify gobgpd, server name); absent = plaintext. */
  tls?: GoBgpTls;
}

export type ProviderKind = "CLOUDFLARE" | "OVH" | "HETZNER" | "WEBHOOK";
export interface ProviderConfig {
  name: string;
  kind: ProviderKind;
  /** Non-secret settings: accountId (Cloudflare), ipBlock (OVH), servers {address: number} (Hetzner), url (webhook). */
  settings: Record<string, unknown>;
  baseUrl?: string;
  /** Credentials JSON, sealed with the secret box; never returned. */
  sealedCredentials: string;
}

const CREDENTIAL_FIELDS: Record<ProviderKind, string[]> = {
  CLOUDFLARE: ["apiToken"],
  OVH: ["applicationKey", "applicationSecret", "consumerKey"],
  HETZNER: ["user", "password"],
  WEBHOOK: ["secret"],
};
const SETTING_FIELDS: Record<ProviderKind, string[]> = {
  CLOUDFLARE: ["accountId"],
  OVH: ["ipBlock"],
  HETZNER: ["servers"],
  WEBHOOK: ["url"],
};

export const credentialContext = (workspaceId: string, provider: string) =>
  `network-mitigation:${workspaceId}:provider:${provider}`;

export function checkSpeaker(
  s: SpeakerConfig,
  settings: NetworkMitigationSettings,
  path: string,
): IntentProblem[] {
  const problems: IntentProblem[] = [];
  if (!/^[\w .-]{1,64}$/.test(s.name))
    problems.push({ path: `${path}.name`, message: "1–64 letters, digits, spaces, . _ -" });
  for (const [field, value] of [
    ["endpoint", s.endpoint],
    ["control", s.control],
  ] as const) {
    if (field === "control" && s.kind === "GOBGP") continue;
    if (!value) problems.push({ path: `${path}.${field}`, message: "is required" });
    else if (!endpointAllowed(settings, value))
      problems.push({
        path: `${path}.${field}`,
        message: `${value} is not among the deployment's allowed speaker endpoints (NETWORK_MITIGATION_SPEAKER_ENDPOINTS)`,
      });
  }
  if (s.tls && s.kind !== "GOBGP")
    problems.push({ path: `${path}.tls`, message: "TLS applies to GoBGP's gRPC API only" });
  else if (s.tls) problems.push(...checkGoBgpTls(s.tls, `${path}.tls`));
  return problems;
}

export function checkProvider(
  p: {
    name: string;
    kind: ProviderKind;
    settings: Record<string, unknown>;
    baseUrl?: string;
    credentials?: Record<string, unknown>;
  },
  settings: NetworkMitigationSettings,
  path: string,
): IntentProblem[] {
  const problems: IntentProblem[] = [];
  if (!/^[\w .-]{1,64}$/.test(p.name))
    problems.push({ path: `${path}.name`, message: "1–64 letters, digits, spaces, . _ -" });
  if (p.baseUrl !== undefined && !settings.providerBaseUrls.includes(p.baseUrl.replace(/\/$/, "")))
    problems.push({
      path: `${path}.baseUrl`,
      message: "is not among the deployment's allowed provider URLs (NETWORK_MITIGATION_PROVIDER_BASE_URLS)",
    });
  for (const field of SETTING_FIELDS[p.kind] ?? [])
    if (p.settings[field] === undefined || p.settings[field] === "")
      problems.push({ path: `${path}.settings.${field}`, message: "is required" });
  if (p.kind === "WEBHOOK" && typeof p.settings.url === "string" && !/^https?:\/\//.test(p.settings.url))
    problems.push({ path: `${path}.settings.url`, message: "must be an http(s) URL" });
  if (p.kind === "HETZNER" && p.settings.servers !== undefined) {
    const servers = p.settings.servers as Record<string, unknown>;
    if (typeof servers !== "object" || Object.values(servers).some((n) => !Number.isInteger(n)))
      problems.push({
        path: `${path}.settings.servers`,
        message: 'must map addresses to Robot server numbers ({"203.0.113.5": 321})',
      });
  }
  if (p.credentials) {
    for (const field of CREDENTIAL_FIELDS[p.kind] ?? [])
      if (typeof p.credentials[field] !== "string" || !p.credentials[field])
        problems.push({ path: `${path}.credentials.${field}`, message: "is required" });
  }
  return problems;
}

/** GoBGP's gRPC modules are loaded with its first speaker, not by every API start. */
export async function buildSpeaker(s: SpeakerConfig): Promise<Speaker> {
  if (s.kind === "GOBGP") {
    const { GoBgpSpeaker } = await import("./speakers/gobgp-speaker.ts");
    return new GoBgpSpeaker(s.endpoint, { name: s.name, ...(s.tls && { tls: s.tls }) });
  }
  if (s.kind === "EXABGP") return new ExaBgpSpeaker(s.endpoint, s.control ?? "", { name: s.name });
  return new BirdSpeaker(s.endpoint, s.control ?? "", { name: s.name });
}

export function buildProvider(p: ProviderConfig, secrets: SecretBox, workspaceId: string): CloudProvider {
  const c = JSON.parse(secrets.open(p.sealedCredentials, credentialContext(workspaceId, p.name))) as Record<
    string,
    string
  >;
  const s = p.settings as Record<string, string>;
  const base = p.baseUrl ? { baseUrl: p.baseUrl } : {};
  switch (p.kind) {
    case "CLOUDFLARE":
      return new CloudflareMagicTransit({
        accountId: s.accountId ?? "",
        apiToken: c.apiToken ?? "",
        ...base,
      });
    case "OVH":
      return new OvhProvider({
        applicationKey: c.applicationKey ?? "",
        applicationSecret: c.applicationSecret ?? "",
        consumerKey: c.consumerKey ?? "",
        ipBlock: s.ipBlock ?? "",
        ...base,
      });
    case "HETZNER":
      return new HetznerRobot({
        user: c.user ?? "",
        password: c.password ?? "",
        servers: p.settings.servers as Record<string, number>,
        ...base,
      });
    default:
      return new SignedWebhook({ url: s.url ?? "", secret: c.secret ?? "" });
  }
}
