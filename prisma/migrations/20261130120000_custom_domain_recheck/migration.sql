-- Verified custom domains are re-checked daily (issue 18): the TXT record must still hold the claim's
-- token. failed_checks counts daily checks failed in a row; at CUSTOM_DOMAIN_RECHECK_FAILURES the domain
-- goes back to PENDING (a DNS hiccup or two never takes a page down, a record removed for days does).
ALTER TABLE "custom_domain" ADD COLUMN "failed_checks" INTEGER NOT NULL DEFAULT 0;
