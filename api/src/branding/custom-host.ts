// The host name a workspace may claim as its custom domain, checked before anything is stored: the
// IDN form is turned into punycode (what DNS and the Host header carry), and addresses, the
// deployment's own hosts and names that never resolve publicly are refused. Pure.
import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import { ValidationError } from "../errors.ts";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** Names that never belong to one tenant on the public internet (RFC 2606, 6761, 6762, 8375 …). */
const RESERVED_SUFFIXES = [
  ...[
    "localhost",
    "local",
    "internal",
    "test",
    "example",
    "invalid",
    "arpa",
    "lan",
    "intranet",
    "corp",
    "onion",
  ],
  ...["example.com", "example.net", "example.org"],
];

/** The canonical (lower-case, punycode, no trailing dot) form of `input`, or a ValidationError. */
export function parseCustomHost(input: string, ownHosts: readonly string[], path = "input.host"): string {
  const refuse = (why: string): never => {
    throw ValidationError.field(path, why);
  };
  const raw = input.trim().replace(/\.$/, "");
  if (raw.length === 0) refuse("must not be empty");
  if (raw.length > 253) refuse("must be at most 253 characters");
  if (/[/:@?#\s\\[\]]/.test(raw))
    refuse("must be a bare host name like status.example.com (no scheme, port or path)");
  if (isIP(raw)) refuse("must be a host name, not an IP address");
  const host = domainToASCII(raw.toLowerCase());
  if (!host) refuse("is not a valid host name (letters, digits, hyphens and dots; IDNs are accepted)");
  if (host.length > 253) refuse("must be at most 253 characters once converted to punycode");
  const labels = host.split(".");
  if (labels.length < 2) refuse("must have at least two labels, like status.example.com");
  if (!labels.every((label) => LABEL.test(label)))
    refuse("each label must be 1–63 letters, digits or inner hyphens");
  if (/^[0-9]+$/.test(labels.at(-1) ?? "") || isIP(host)) refuse("must be a host name, not an IP address");
  if (RESERVED_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`)))
    refuse("is a reserved name that cannot be served publicly");
  for (const own of ownHosts.map((h) => h.toLowerCase()))
    if (host === own || host.endsWith(`.${own}`)) refuse("is this deployment's own host name");
  return host;
}

/** Where the verification TXT record goes: a neutral name, so a white-labelled tenant's DNS says nothing of us. */
export const verificationRecordName = (host: string) => `_domain-verify.${host}`;
export const verificationRecordValue = (token: string) => `domain-verify=${token}`;

/** The deployment's own host names: those of its allowed browser origins and public web URL, and loopback. */
export function ownHostsOf(origins: readonly string[]): string[] {
  const hosts = new Set(["localhost", "127.0.0.1", "[::1]"]);
  for (const origin of origins) {
    try {
      hosts.add(new URL(origin).hostname.toLowerCase());
    } catch {}
  }
  return [...hosts];
}
