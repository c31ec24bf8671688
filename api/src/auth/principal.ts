/** Who is calling, resolved once per request (HTTP) or per connection (graphql-ws). */
/**
 * `expiresAt`: when the credential stops working (a session always expires, a key when it was made
 * to); never moved later, so a live connection can set its timer once (auth/credential-expiry.ts).
 */
export type Principal =
  | { kind: "anonymous"; problem?: string }
  | { kind: "user"; userId: string; sessionId: string; email: string; name: string; expiresAt: Date }
  | {
      kind: "integration";
      apiKeyId: string;
      workspaceId: string;
      scopes: string[];
      label: string;
      expiresAt: Date | null;
    }
  | {
      kind: "agent";
      apiKeyId: string;
      workspaceId: string;
      nodeId: string;
      label: string;
      expiresAt: Date | null;
    };

export type AgentPrincipal = Extract<Principal, { kind: "agent" }>;

/**
 * The agent behind a field declared `authScopes: { agent: true }`: the scope has already refused
 * every other caller (auth/credential-kind.ts), so this only narrows the type.
 */
export function agentOf(principal: Principal): AgentPrincipal {
  if (principal.kind !== "agent") throw new Error(`agentOf: a ${principal.kind} passed an agent-only scope`);
  return principal;
}

export type ActorType = "USER" | "INTEGRATION" | "AGENT" | "SYSTEM";

export interface Actor {
  type: ActorType;
  id: string | null;
  label: string;
}

export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case "user":
      return { type: "USER", id: principal.userId, label: principal.email };
    case "integration":
      return { type: "INTEGRATION", id: principal.apiKeyId, label: principal.label };
    case "agent":
      return { type: "AGENT", id: principal.apiKeyId, label: principal.label };
    default:
      return { type: "SYSTEM", id: null, label: "anonymous" };
  }
}
