import { AuthenticationError, ForbiddenError } from "../errors.ts";
import type { Principal } from "./principal.ts";

/** The kinds of credential a field may be limited to (the builder's `user` and `agent` scopes). */
export type CredentialKind = "user" | "agent";

const NEEDED: Record<CredentialKind, string> = { user: "a signed-in user", agent: "an agent key" };

const HELD: Record<Exclude<Principal["kind"], "anonymous">, string> = {
  user: "a signed-in user",
  integration: "API keys",
  agent: "agent keys",
};

/**
 * The refusal of a field limited to one kind of credential. Without a valid credential it is
 * UNAUTHENTICATED (401: sign in, or send a valid key). A valid credential of another kind is
 * FORBIDDEN, as a scope the key lacks is: an integrator told 401 takes the key itself for bad.
 */
export function wrongCredentialError(
  principal: Principal,
  needed: CredentialKind | undefined,
): AuthenticationError | ForbiddenError {
  if (principal.kind === "anonymous") return new AuthenticationError(principal.problem);
  const needs = needed ? NEEDED[needed] : "another kind of credential";
  return new ForbiddenError(`This field needs ${needs}; ${HELD[principal.kind]} cannot use it`);
}

/** A scope-auth failure as Pothos reports it: one scope, or several under any/all. */
type Failure = { kind: string; scope?: string; failures?: Failure[] };

/** The credential kind a failed scope check asked for (`user` or `agent`), if that is what failed. */
export function credentialKindOf(failure: Failure): CredentialKind | undefined {
  if (failure.scope === "user" || failure.scope === "agent") return failure.scope;
  for (const inner of failure.failures ?? []) {
    const kind = credentialKindOf(inner);
    if (kind) return kind;
  }
  return undefined;
}
