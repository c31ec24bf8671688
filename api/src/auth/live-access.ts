import type { GraphQLContext } from "../context.ts";
import { Access } from "./access.ts";
import type { Permission } from "./permissions.ts";
import type { Principal } from "./principal.ts";

const RECHECK_MS = 5_000;

/** Is the credential behind a principal still good (session not ended, key not revoked)? */
export async function credentialStillValid(
  db: GraphQLContext["db"],
  principal: Principal,
  now = new Date(),
): Promise<boolean> {
  switch (principal.kind) {
    case "user": {
      const session = await db.session.findUnique({
        where: { id: principal.sessionId },
        select: { revokedAt: true, expiresAt: true },
      });
      return Boolean(session && !session.revokedAt && session.expiresAt > now);
    }
    case "integration":
    case "agent": {
      const key = await db.apiKey.findUnique({
        where: { id: principal.apiKeyId },
        select: { revokedAt: true, expiresAt: true },
      });
      return Boolean(key && !key.revokedAt && (!key.expiresAt || key.expiresAt > now));
    }
    default:
      return false;
  }
}

/**
 * Passes a subscription's events on only while the subscriber may still see them: the
 * credential is re-checked and the role re-read (at most every 5 s), and the stream ends
 * quietly once either is gone — a removed member or a revoked key stops receiving.
 */
export async function* whileAllowed<T>(
  ctx: GraphQLContext,
  source: AsyncIterable<T>,
  workspaceId: string,
  permission: Permission,
): AsyncGenerator<T> {
  let checkedAt = Date.now();
  for await (const event of source) {
    if (Date.now() - checkedAt >= RECHECK_MS) {
      const allowed =
        (await credentialStillValid(ctx.db, ctx.principal)) &&
        (await new Access(ctx.db, ctx.principal).can(workspaceId, permission));
      if (!allowed) return;
      checkedAt = Date.now();
    }
    yield event;
  }
}
