import { INTEGRATION_SCOPES } from "@levee/shared/auth/integration-scopes";
import { z } from "zod";
import { builder } from "../builder.ts";
import { mutationErrors } from "../errors.ts";
import { ApiKeyKind } from "../generated/prisma/enums.ts";
import { idOf } from "../global-id.ts";
import { createApiKey, revokeApiKey } from "./api-key.service.ts";
import { guardNodeType, readableScopes } from "./node-guard.ts";

const ApiKeyKindEnum = builder.enumType(ApiKeyKind, { name: "ApiKeyKind" });

export const ApiKeyRef = builder.prismaNode("ApiKey", {
  id: { field: "id" },
  authScopes: readableScopes("ApiKey"),
  description: "A bearer credential; only its prefix is ever shown again after creation",
  fields: (t) => ({
    name: t.exposeString("name"),
    kind: t.expose("kind", { type: ApiKeyKindEnum }),
    prefix: t.exposeString("prefix"),
    scopes: t.exposeStringList("scopes"),
    node: t.relation("node", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});
guardNodeType("ApiKey", {
  permission: "apikey:read",
  workspaceOf: (k) => (k as { workspaceId: string }).workspaceId,
});

builder.prismaObjectFields("Workspace", (t) => ({
  apiKeys: t.relatedConnection("apiKeys", {
    cursor: "id",
    args: {
      includeRevoked: t.arg.boolean({
        defaultValue: false,
        description:
          "Revoked keys too. Expired keys are always listed: their expiresAt is past, and they are refused",
      }),
    },
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "apikey:read" } }),
    query: (args) => ({ where: args.includeRevoked ? {} : { revokedAt: null }, orderBy: { id: "asc" } }),
  }),
}));

const CreateApiKeyInput = builder.inputType("CreateApiKeyInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    name: t.string({ validate: z.string().trim().min(1, "must not be empty").max(100) }),
    // The scopes a key may hold, not every permission: the others are refused (the list named
    // workspace:delete and apikey:manage, which README sends integrators here to read).
    scopes: t.stringList({
      description: `Permissions granted, each one you hold yourself, from: ${INTEGRATION_SCOPES.join(", ")}`,
    }),
    expiresAt: t.field({
      type: "DateTime",
      required: false,
      description:
        "When the key stops working (refused from then on, open sockets closed); none: until revoked",
    }),
  }),
});
const RevokeApiKeyInput = builder.inputType("RevokeApiKeyInput", { fields: (t) => ({ apiKeyId: t.id() }) });

const CreateApiKeyPayload = builder
  .objectRef<{ apiKey: { id: string }; secret: string }>("CreateApiKeyPayload")
  .implement({
    fields: (t) => ({
      apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey as never }),
      secret: t.exposeString("secret", {
        description: "The key itself, shown once: send it as `Authorization: Bearer <secret>`",
      }),
    }),
  });
const ApiKeyPayload = builder.objectRef<{ apiKey: { id: string } }>("ApiKeyPayload").implement({
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey as never }) }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreateApiKeyPayload,
    description:
      "An integration key for one workspace (needs apikey:manage; signed-in members only): the secret is in the answer once",
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createApiKey(ctx, { ...input, workspaceId: idOf(input.workspaceId, "Workspace", "input.workspaceId") }),
  }),
  revokeApiKey: t.field({
    type: ApiKeyPayload,
    description:
      "Ends a key at once on every API process: requests with it are UNAUTHENTICATED, its sockets closed 4403 (needs apikey:manage)",
    errors: { types: mutationErrors },
    authScopes: { user: true },
    args: { input: t.arg({ type: RevokeApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      apiKey: await revokeApiKey(ctx, idOf(input.apiKeyId, "ApiKey")),
    }),
  }),
}));
