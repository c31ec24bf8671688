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
}
