import { createHmac } from "node:crypto";
import { describeIntent, type Intent, levelOf } from "../intent.ts";
import type { SpeakerCall } from "../speakers/speaker.ts";
import type { CloudProvider } from "./cloud-provider.ts";
import { DEFAULT_RETRY, httpCall, type RetryPolicy } from "./http-call.ts";

export interface WebhookConfig {
  url: string;
  secret: string;
  retry?: RetryPolicy;
}

/** `sha256=` HMAC of "<timestamp>.<body>" with the shared secret (what receivers verify). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * A generic signed webhook for any other upstream or scrubbing service: POSTs every rule
 * change as JSON with `X-Levee-Timestamp` and `X-Levee-Signature`; any 2xx is success.
 */
export class SignedWebhook implements CloudProvider {
  readonly name = "webhook";

  constructor(private readonly config: WebhookConfig) {}

  supports(): boolean {
    return true;
  }

  apply(intent: Intent): Promise<SpeakerCall> {
    return this.send("mitigation.apply", intent);
  }

  remove(intent: Intent): Promise<SpeakerCall> {
    return this.send("mitigation.remove", intent);
  }

  private async send(event: string, intent: Intent): Promise<SpeakerCall> {
    const { request } = await httpCall(
      this.name,
      () => {
        const timestamp = String(Math.floor(Date.now() / 1000));
        const body = JSON.stringify({
          event,
          level: levelOf(intent),
          rule: describeIntent(intent),
          intent,
          sentAt: new Date().toISOString(),
        });
        return {
          method: "POST",
          url: this.config.url,
          headers: {
            "content-type": "application/json",
            "x-levee-timestamp": timestamp,
            "x-levee-signature": webhookSignature(this.config.secret, timestamp, body),
          },
          body,
        };
      },
      this.config.retry ?? DEFAULT_RETRY,
      (_status, text) => text.slice(0, 200),
    );
    return { speaker: this.name, request };
  }
}
