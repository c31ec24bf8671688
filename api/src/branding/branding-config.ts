// Deployment settings of white label and custom domains, read with the rest of the config: the theme
// catalogue (every themes/*.json validated at start-up), the hosts that are the deployment's own,
// and which DNS servers verify custom domains.
import { isIP } from "node:net";
import { z } from "zod";
import { ownHostsOf } from "./custom-host.ts";
import { loadThemeCatalog, type ThemeCatalog } from "./theme-catalog.ts";
import { themeNameSchema } from "./theme-file.ts";

export const brandingEnvSchema = {
  LEVEE_THEME: themeNameSchema.default("default"),
  LEVEE_THEMES_DIR: z.string().min(1).optional(),
  LEVEE_DNS_SERVERS: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().refine((server) => {
          const ip = server.replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/^([\d.]+):\d+$/, "$1");
          return isIP(ip) !== 0;
        }, "must be IP addresses, optionally with :port"),
      ),
    )
    .optional(),
  /** Daily re-checks of a verified domain's TXT record that must fail in a row before it is un-verified. */
  CUSTOM_DOMAIN_RECHECK_FAILURES: z.coerce.number().int().min(1).max(365).default(3),
};

export interface BrandingConfig {
  catalog: ThemeCatalog;
  /** Host names that are this deployment's own; no workspace may claim them. */
  ownHosts: string[];
  /** Empty: the system's resolvers. */
  dnsServers: string[];
  /** CUSTOM_DOMAIN_RECHECK_FAILURES (domain-recheck.ts). */
  recheckFailures: number;
}

export function brandingConfigOf(
  e: {
    LEVEE_THEME: string;
    LEVEE_THEMES_DIR?: string;
    LEVEE_DNS_SERVERS?: string[];
    CUSTOM_DOMAIN_RECHECK_FAILURES: number;
  },
  themesDir: string,
  origins: readonly string[],
): BrandingConfig {
  return {
    catalog: loadThemeCatalog(e.LEVEE_THEMES_DIR ?? themesDir, e.LEVEE_THEME),
    ownHosts: ownHostsOf(origins),
    dnsServers: e.LEVEE_DNS_SERVERS ?? [],
    recheckFailures: e.CUSTOM_DOMAIN_RECHECK_FAILURES,
  };
}
