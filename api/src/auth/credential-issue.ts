import type { Tx } from "../audit/audit-recorder.ts";
import type { GraphQLContext } from "../context.ts";
import { issueToken, type TokenKind } from "./credentials.ts";

export interface CredentialSpec<Row extends { id: string }> {
  kind: TokenKind;
  /** Audit action, e.g. "apikey.create". */
  action: string;
  workspaceId: string;
  /** Audit target type, e.g. "ApiKey". */
  targetType: string;
  /** Stores the row; only the prefix and hash of the secret are kept. */
  create(tx: Tx, secret: { prefix: string; hash: string }): Promise<Row>;
  /** The audit summary's `after`: names and settings, never the secret. */
  after(row: Row, prefix: string): Record<string, unknown>;
}

/**
 * Issues a secret and stores its row together with its audit entry (one transaction). The
 * caller has checked permission and input; the plain secret is returned here, once.
 */
export async function createAuditedCredential<Row extends { id: string }>(
  ctx: GraphQLContext,
  spec: CredentialSpec<Row>,
): Promise<{ row: Row; token: string }> {
  const { token, prefix, hash } = issueToken(spec.kind);
  const row = await ctx.mutate(async (tx, audit) => {
    const created = await spec.create(tx, { prefix, hash });
    await audit({
      action: spec.action,
      workspaceId: spec.workspaceId,
      target: { type: spec.targetType, id: created.id },
      summary: { after: spec.after(created, prefix) },
    });
    return created;
  });
  return { row, token };
}
