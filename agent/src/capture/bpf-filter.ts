import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/** Where the agent's own API traffic goes: every address of the API host, and its port. */
export interface ApiEndpoint {
  addresses: string[];
  port: number;
}

export async function resolveApiEndpoint(apiUrl: string): Promise<ApiEndpoint> {
  const url = new URL(apiUrl);
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const found = isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
  const addresses = [...new Set(found.map((a) => a.address.split("%")[0] as string))];
  if (host === "localhost" || addresses.some((a) => a.startsWith("127.") || a === "::1"))
    for (const loop of ["127.0.0.1", "::1"]) if (!addresses.includes(loop)) addresses.push(loop);
  return { addresses, port };
}

/**
 * A BPF filter that drops the agent's own conversation with the API (TCP to or from the API's
 * addresses on its port), so capturing never records, nor is flooded by, its own uploads. Only
 * validated IP literals and a numeric port reach the filter text.
 */
export function apiExclusionFilter(endpoint: ApiEndpoint): string {
  const addresses = endpoint.addresses.filter((a) => isIP(a) !== 0);
  if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65_535)
    throw new Error(`bad API port ${endpoint.port}`);
  if (addresses.length === 0) return "";
  const hosts = addresses.map((a) => `host ${a}`).join(" or ");
  return `not (tcp port ${endpoint.port} and (${hosts}))`;
}
