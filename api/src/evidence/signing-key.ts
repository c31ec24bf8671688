import { randomBytes } from "node:crypto";
import type { AppServices } from "../context.ts";

let cached: { database: unknown; key: string } | undefined;

/**
 * The key download links are signed with: EVIDENCE_SIGNING_KEY, or one generated on first use
 * and kept in server_secret, so every API instance on the database signs and checks alike.
 */
export async function evidenceSigningKey(
  services: Pick<AppServices, "config" | "database">,
): Promise<string> {
  if (services.config.evidence.signingKey) return services.config.evidence.signingKey;
  if (cached?.database === services.database) return cached.key;
  const { prisma } = services.database;
  await prisma.serverSecret.createMany({
    data: [{ name: "evidence-signing-key", value: randomBytes(32).toString("base64url") }],
    skipDuplicates: true,
  });
  const { value } = await prisma.serverSecret.findUniqueOrThrow({ where: { name: "evidence-signing-key" } });
  cached = { database: services.database, key: value };
  return value;
}
