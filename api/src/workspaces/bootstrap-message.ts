import type { BootstrapResult } from "./bootstrap.ts";

/**
 * What the first start prints about the owner it created. A generated password is shown (it
 * exists nowhere else); one the operator set through LEVEE_BOOTSTRAP_PASSWORD is not echoed,
 * since they know it and the console may be logged.
 */
export function firstOwnerMessage(first: BootstrapResult): string {
  const created = `\n  First start: created owner ${first.email} with workspace "${first.workspaceSlug}".\n`;
  if (first.generatedPassword !== undefined) {
    return (
      created +
      `  Sign in with e-mail ${first.email} and password ${first.generatedPassword}\n` +
      "  (the password is shown only now; after signing in, change it under Account, /account).\n\n"
    );
  }
  return (
    created +
    `  Sign in with e-mail ${first.email} and the password set from LEVEE_BOOTSTRAP_PASSWORD\n` +
    "  (it is not shown here; to change it after signing in, go to Account, /account).\n\n"
  );
}
