import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";

/**
 * TLS on GoBGP's gRPC API (gobgpd `--tls --tls-cert-file … --tls-key-file …`): Levee verifies the
 * daemon's certificate against the CA certificate(s) configured for the speaker and the server
 * name (the target's host, or `serverName`). GoBGP 3.10 verifies no client certificate, so there
 * is no client key here: TLS authenticates the daemon to Levee, not Levee to the daemon.
 */
export interface GoBgpTls {
  /** PEM: one or more certificates that sign (or are) gobgpd's certificate. Not a secret. */
  caCertificate: string;
  /** The name gobgpd's certificate must carry, instead of the target's host (needed for unix:// targets). */
  serverName?: string;
}

export interface TlsProblem {
  path: string;
  message: string;
}

const MAX_PEM = 64 * 1024;
const MAX_CERTIFICATES = 16;
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The certificates of a PEM bundle, or why it is not one Levee can use (not a certificate, a key, expired). */
export function readCaCertificates(
  pem: string,
  now: number | "any time" = Date.now(),
): { certificates: X509Certificate[] } | { problem: string } {
  if (pem.length > MAX_PEM) return { problem: `is longer than ${MAX_PEM / 1024} KiB` };
  const blocks = [...pem.matchAll(BLOCK)];
  if (blocks.some((b) => /PRIVATE KEY/.test(b[1] ?? "")))
    return { problem: "holds a private key: give the CA certificate only (gobgpd keeps its key)" };
  const certs = blocks.filter((b) => b[1] === "CERTIFICATE");
  if (certs.length === 0)
    return { problem: "is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)" };
  if (certs.length > MAX_CERTIFICATES) return { problem: `holds more than ${MAX_CERTIFICATES} certificates` };
  const certificates: X509Certificate[] = [];
  for (const [i, block] of certs.entries()) {
    const which = certs.length > 1 ? `certificate ${i + 1}` : "the certificate";
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block[0]);
    } catch (error) {
      return { problem: `${which} cannot be read (${(error as Error).message})` };
    }
    if (now === "any time") {
      certificates.push(cert);
      continue;
    }
    if (Date.parse(cert.validTo) < now)
      return { problem: `${which} (${cert.subject.replace(/\n/g, ", ")}) expired on ${cert.validTo}` };
    if (Date.parse(cert.validFrom) > now)
      return {
        problem: `${which} (${cert.subject.replace(/\n/g, ", ")}) is not valid before ${cert.validFrom}`,
      };
    certificates.push(cert);
  }
  return { certificates };
}

/** Problems with a speaker's TLS settings as given (paths under `path`). */
export function checkGoBgpTls(tls: GoBgpTls, path: string, now = Date.now()): TlsProblem[] {
  const problems: TlsProblem[] = [];
  const read = readCaCertificates(tls.caCertificate, now);
  if ("problem" in read) problems.push({ path: `${path}.caCertificate`, message: read.problem });
  if (tls.serverName !== undefined && !HOSTNAME.test(tls.serverName) && !isIP(tls.serverName))
    problems.push({ path: `${path}.serverName`, message: "must be a host name (or an IP address)" });
  return problems;
}

/** What GraphQL and the audit log show of a speaker's TLS: fingerprints, never the PEM itself. */
export function tlsSummary(tls: GoBgpTls): {
  caFingerprint: string;
  caSubject: string;
  caNotAfter: Date;
  serverName: string | null;
} {
  const read = readCaCertificates(tls.caCertificate, "any time");
  const first = "certificates" in read ? read.certificates[0] : undefined;
  return {
    caFingerprint: first ? `SHA256:${first.fingerprint256}` : "unreadable",
    caSubject: first ? first.subject.replace(/\n/g, ", ") : "",
    caNotAfter: first ? new Date(first.validTo) : new Date(0),
    serverName: tls.serverName ?? null,
  };
}
