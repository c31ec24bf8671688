import { execFile } from "node:child_process";
import { type Command, PROGRAMS } from "@levee/shared/firewall";

/** What one command did, as recorded in the incident timeline and the audit chain. */
export interface CommandResult {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export type RunCommand = (command: Command) => Promise<CommandResult>;

const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs argv with execFile — no shell, so no argument is ever parsed as shell syntax — and only
 * for the firewall programs Levee renders (anything else is refused before it starts). With
 * `netns`, commands run inside that named network namespace (`ip netns exec`), for agents that
 * protect a container's namespace and for the namespace test suites.
 */
export function commandRunner(options: { netns?: string | undefined; timeoutMs?: number } = {}): RunCommand {
  return (command) =>
    new Promise((resolve) => {
      const [program, ...args] = command.argv;
      const started = performance.now();
      if (!(PROGRAMS as readonly string[]).includes(program)) {
        resolve({
          argv: command.argv,
          exitCode: 126,
          stdout: "",
          stderr: `refused: ${program} is not a firewall program`,
          durationMs: 0,
        });
        return;
      }
      const [file, argv] = options.netns
        ? ["ip", ["netns", "exec", options.netns, program, ...args]]
        : [program, args];
      const child = execFile(
        file,
        argv,
        {
          timeout: options.timeoutMs ?? 30_000,
          maxBuffer: MAX_OUTPUT,
          env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" },
        },
        (error, stdout, stderr) => {
          const code = (error as (Error & { code?: unknown }) | null)?.code;
          resolve({
            argv: command.argv,
            exitCode: error ? (typeof code === "number" ? code : 127) : 0,
            stdout: String(stdout),
            stderr: String(stderr || (error && typeof code !== "number" ? error.message : "")).slice(0, 4000),
            durationMs: Math.round(performance.now() - started),
          });
        },
      );
      // A program that exits without reading its input must not crash the agent (EPIPE).
      child.stdin?.on("error", () => {});
      child.stdin?.end(command.stdin ?? "");
    });
}
