import type { AppServices } from "../context.ts";
import { type AnyJobEntry, jobEntry } from "../jobs/job-entry.ts";
import { recheckVerifiedDomains } from "./custom-domain.service.ts";

export const DOMAIN_RECHECK_JOB = "branding.recheck-domains";

export const brandingJobs: readonly AnyJobEntry[] = [
  jobEntry({
    name: DOMAIN_RECHECK_JOB,
    // Hourly sweep; each verified domain is looked up once a day (domain-recheck.ts).
    run: (services: AppServices) => recheckVerifiedDomains(services),
    concurrency: 1,
    everyMs: 3_600_000,
  }),
];
