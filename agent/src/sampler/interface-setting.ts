/**
 * Which interface the agent samples and captures on, given the node's setting from the API (the
 * heartbeat's answer). The setting wins over the agent.json value the agent started with (which
 * is what it was enrolled with, so the two agree until someone edits the node); an --interface
 * flag or LEVEE_AGENT_INTERFACE on `run` pins the local value and the setting is ignored. A
 * named interface that is not on the host is not followed: the agent keeps sampling what it
 * samples, rather than going blind, and reports why. A setting of `auto` defers to the agent.json
 * value (its `interface`): nodes enrolled before the setting reached agents are all `auto` while
 * their agent.json may name the interface that matters (a non-default one), and upgrading must not
 * move them off it. A followed named setting is kept under agent.json's `followedInterface`, never
 * in `interface`, so `auto` still means the enrolled value after one was followed.
 */
export interface InterfaceDecision {
  /** The interface to sample: a name or `auto`. */
  use: string;
  /** Why the setting is not followed (reported to the API); undefined when it is. */
  problem: string | undefined;
}

export function decideInterface(input: {
  /** The node's setting as the API answered; undefined from an API that does not say. */
  setting: string | undefined;
  /** What the agent samples by now (a name or `auto`). */
  current: string;
  /** The agent.json value it started with (a name or `auto`): what a setting of `auto` means. */
  configured: string;
  /** The local value fixes it (--interface / LEVEE_AGENT_INTERFACE on `run`). */
  pinned: boolean;
  /** The host's interfaces (/proc/net/dev). */
  hostInterfaces: ReadonlySet<string>;
}): InterfaceDecision {
  const { current, pinned, hostInterfaces } = input;
  const setting = input.setting === "auto" ? input.configured : input.setting;
  if (pinned || setting === undefined || setting === current) return { use: current, problem: undefined };
  if (setting === "auto" || hostInterfaces.has(setting)) return { use: setting, problem: undefined };
  return { use: current, problem: `${setting} does not exist on this host` };
}

/**
 * What to write to agent.json's `followedInterface` once a setting is followed
 * (writeFollowedInterface), so a restarted agent starts on it: the name of a named setting the
 * decision follows; `null` (the key removed) for `auto` or for the name `interface` says already,
 * since the agent then starts on `interface`; undefined when the file needs no change (`saved`
 * is its value already), when pinned (the setting was not followed), when the API does not say,
 * or for a setting left unfollowed for its problem. `interface` itself is never rewritten: it is
 * what a later setting of `auto` means, in this run as after a restart.
 */
export function followedToSave(
  input: { setting: string | undefined; configured: string; pinned: boolean; saved: string | undefined },
  decision: InterfaceDecision,
): string | null | undefined {
  const { setting, configured, pinned, saved } = input;
  if (pinned || setting === undefined || decision.problem) return undefined;
  if (setting !== "auto" && decision.use !== setting) return undefined;
  const followed = setting === "auto" || setting === configured ? null : setting;
  return followed === (saved ?? null) ? undefined : followed;
}
