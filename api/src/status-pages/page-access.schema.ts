// A password-protected status page in GraphQL, public (no session): statusPageLock(slug) says a page
// asks for a password and gives only what its form shows (slug and title: no node, incident or notice),
// and unlockStatusPage(input: { slug, password }) trades the right password for the proof the public
// fields take as `access` (page-access.ts). Attempts are limited per client address and per page,
// counted failed or not, like sign-in's.
import { STATUS_SLUG_MESSAGE, statusSlugProblem } from "@levee/shared/slug";
import { declarePublicType } from "../auth/node-guard.ts";
import { admit } from "../auth/rate-limiter.ts";
import { builder } from "../builder.ts";
import type { Database } from "../db/database.ts";
import { mutationErrors, NotFoundError, RateLimitedError, ValidationError } from "../errors.ts";
import { accessPasswordMatches, type IssuedAccess, issueAccess } from "./page-access.ts";

interface StatusPageLock {
  slug: string;
  title: string;
}

/** The enabled public page of `slug` with its password's hash, when it has one; else null. */
async function protectedPage(database: Database, slug: string) {
  const workspace = await database.prisma.workspace.findUnique({
    where: { slug },
    select: {
      statusPage: {
        select: { workspaceId: true, enabled: true, public: true, title: true, accessPasswordHash: true },
      },
    },
  });
  const page = workspace?.statusPage;
  if (!page?.enabled || !page.public || page.accessPasswordHash === null) return null;
  return { ...page, accessPasswordHash: page.accessPasswordHash };
}

const checkedSlug = (slug: string, path: string) => {
  const problem = statusSlugProblem(slug);
  if (problem) throw ValidationError.field(path, STATUS_SLUG_MESSAGE[problem]);
};

const StatusPageLockRef = builder.objectRef<StatusPageLock>("PublicStatusPageLock").implement({
  description:
    "A password-protected status page as its password form shows it: its slug and title, nothing of its nodes, incidents or notices",
  fields: (t) => ({
    slug: t.exposeString("slug"),
    title: t.exposeString("title", { description: "The page's title (the form's heading)" }),
  }),
});
declarePublicType(
  "PublicStatusPageLock",
  "statusPageLock(slug): an enabled public page with an access password",
);

builder.queryField("statusPageLock", (t) =>
  t.field({
    type: StatusPageLockRef,
    nullable: true,
    description:
      "Public: the password form of an enabled public page with an access password; null for any other page (no password, private, disabled or unknown) alike",
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, { slug }, ctx) => {
      checkedSlug(slug, "slug");
      const page = await protectedPage(ctx.database, slug);
      return page && { slug, title: page.title };
    },
  }),
);

const UnlockStatusPageInput = builder.inputType("UnlockStatusPageInput", {
  fields: (t) => ({
    slug: t.string({ description: "The status page's slug (/s/<slug>)" }),
    password: t.string({ description: "The page's access password, as its owner gave it" }),
  }),
});

const UnlockStatusPagePayload = builder.objectRef<IssuedAccess>("UnlockStatusPagePayload").implement({
  description:
    "The proof that the visitor entered the page's password: pass it as `access` to statusPage, statusPageIncident and subscribeToStatusPage. It stops opening when it expires and when the password changes",
  fields: (t) => ({
    access: t.exposeString("access"),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
  }),
});

builder.mutationField("unlockStatusPage", (t) =>
  t.field({
    type: UnlockStatusPagePayload,
    description:
      "Public: enter a password-protected status page. A wrong password is a ValidationError on input.password; a page without a password, private, disabled or unknown NOT_FOUND alike; RATE_LIMITED past 10 attempts per client address or 50 per page in 15 minutes",
    errors: { types: [RateLimitedError, ...mutationErrors] },
    args: { input: t.arg({ type: UnlockStatusPageInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      checkedSlug(input.slug, "input.slug");
      if (input.password.length === 0 || input.password.length > 256)
        throw ValidationError.field("input.password", "is not this page's password");
      if (ctx.request.ip) await admit(ctx.rateLimits.unlocksPerAddress, ctx.request.ip);
      await admit(ctx.rateLimits.unlocksPerPage, input.slug);
      const page = await protectedPage(ctx.database, input.slug);
      if (!page) throw new NotFoundError("StatusPage");
      if (!(await accessPasswordMatches(input.password, page.accessPasswordHash)))
        throw ValidationError.field("input.password", "is not this page's password");
      return issueAccess(ctx.secrets, page.workspaceId, page.accessPasswordHash);
    },
  }),
);
