// TXT look-ups for custom domain verification, behind a function type so tests hand in a resolver
// pointed at a DNS server of their own (api/test/support/txt-dns-server.ts) and operators can pin
// the servers asked (LEVEE_DNS_SERVERS), e.g. to skip a stale local cache.
import { Resolver } from "node:dns/promises";

/** The TXT records at `name`, each record's strings joined; [] when the name has none. */
export type TxtLookup = (name: string) => Promise<string[]>;

const ABSENT = new Set(["ENODATA", "ENOTFOUND", "NXDOMAIN"]);

export function dnsTxtLookup(servers: readonly string[] = []): TxtLookup {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (servers.length > 0) resolver.setServers([...servers]);
  return async (name) => {
    try {
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
    } catch (error) {
      if (ABSENT.has((error as NodeJS.ErrnoException).code ?? "")) return [];
      throw error;
    }
  };
}
