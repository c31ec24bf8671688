/** How a workspace's own relay is reached: implicit TLS, STARTTLS required, or plain (no password). */
export const MAIL_SECURITY = ["TLS", "STARTTLS", "NONE"] as const;
export type MailSecurity = (typeof MAIL_SECURITY)[number];

/** What a send through a workspace's own relay needs (mail-server.ts reads it, outbound-sender.ts sends). */
export interface MailRelay {
  host: string;
  port: number;
  security: MailSecurity;
  username: string | null;
  /** Opened from its sealed form for this send only. */
  password: string | null;
  fromAddress: string;
  /** An MSP parent's relay: its host, addresses and replies are not told to the customer. */
  inherited: boolean;
  /** Why no send can go through it (its password does not open); sends fail at once, not retried. */
  unusable?: string;
}
