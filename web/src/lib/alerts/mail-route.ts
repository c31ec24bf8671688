// What the Alerts page's "Mail server" card says of the route a workspace's e-mail takes. Everything
// the workspace mails goes that way: alert channels, invitations and its status page's subscriber
// e-mails (confirmations and updates), so the words name all three.
import type { MailRoute } from "@/lib/graphql/generated/graphql";

export const MAIL_ROUTE_TEXT: Record<MailRoute, string> = {
  WORKSPACE:
    "This workspace's e-mail (alert channels, invitations, status page subscribers' e-mails) leaves through the server below.",
  PARENT: "This workspace's e-mail leaves through its MSP's mail server. Set one here to use your own.",
  PLATFORM:
    "This workspace's e-mail leaves through the platform's mail server. Set one here to send from your own domain.",
  NONE: "No mail server: e-mail channels cannot be added, invitations are not e-mailed and the status page takes no e-mail subscriptions until one is set.",
};
