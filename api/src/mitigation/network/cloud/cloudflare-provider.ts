import type { Intent } from "../intent.ts";
import type { SpeakerCall } from "../speakers/speaker.ts";
import type { CloudProvider } from "./cloud-provider.ts";
import { DEFAULT_RETRY, httpCall, jsonField, type RetryPolicy } from "./http-call.ts";

export interface CloudflareConfig {
  accountId: string;
  apiToken: string;
  baseUrl?: string;
  retry?: RetryPolicy;
}

/**
 * Cloudflare Magic Transit on-demand: scrubbing on = advertise the BYOIP prefix from
 * Cloudflare (PATCH /accounts/{account}/addressing/prefixes/{prefix}/bgp/status
 * {"advertised": true}), off = withdraw it. The prefix id is looked up by CIDR
 * (GET /accounts/{account}/addressing/prefixes) once and kept.
 */
export class CloudflareMagicTransit implements CloudProvider {
  readonly name = "cloudflare";
  private readonly ids = new Map<string, string>();
  private readonly base: string;

  constructor(private readonly config: CloudflareConfig) {
    this.base = (config.baseUrl ?? "https://api.cloudflare.com/client/v4").replace(/\/$/, "");
  }

  supports(intent: Intent): boolean {
    return intent.kind === "SCRUBBING";
  }

  apply(intent: Intent): Promise<SpeakerCall> {
    return this.advertise(intent, true);
  }

  remove(intent: Intent): Promise<SpeakerCall> {
    return this.advertise(intent, false);
  }

  private headers() {
    return { authorization: `Bearer ${this.config.apiToken}`, "content-type": "application/json" };
  }

  private call(method: "GET" | "PATCH", path: string, body?: unknown) {
    const url = `${this.base}/accounts/${encodeURIComponent(this.config.accountId)}${path}`;
    return httpCall(
      this.name,
      () => ({
        method,
        url,
        headers: this.headers(),
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
      this.config.retry ?? DEFAULT_RETRY,
      (_status, text) => jsonField(text, (json) => json.errors?.[0]?.message),
    );
  }

  private async prefixId(cidr: string): Promise<string> {
    const known = this.ids.get(cidr);
    if (known) return known;
    const { body } = await this.call("GET", "/addressing/prefixes");
    const list = (JSON.parse(body).result ?? []) as { id: string; cidr: string }[];
    for (const p of list) this.ids.set(p.cidr, p.id);
    const id = this.ids.get(cidr);
    if (!id) throw new Error(`cloudflare: ${cidr} is not a BYOIP prefix of this account`);
    return id;
  }

  private async advertise(intent: Intent, advertised: boolean): Promise<SpeakerCall> {
    if (intent.kind !== "SCRUBBING") throw new Error("cloudflare: only scrubbing on/off");
    const id = await this.prefixId(intent.prefix);
    const { body, request } = await this.call(
      "PATCH",
      `/addressing/prefixes/${encodeURIComponent(id)}/bgp/status`,
      { advertised },
    );
    const json = JSON.parse(body);
    if (json.success !== true || json.result?.advertised !== advertised)
      throw new Error(
        `cloudflare: the prefix is not ${advertised ? "advertised" : "withdrawn"} (${body.slice(0, 200)})`,
      );
    return { speaker: this.name, request };
  }
}
