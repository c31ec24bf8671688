import { constants } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { Intent } from "../intent.ts";
import { exabgpRibSignatures } from "./exabgp-rib.ts";
import { type Speaker, type SpeakerCall, SpeakerError, type SpeakerRib } from "./speaker.ts";
import { exabgpAnnounce, exabgpWithdraw } from "./speaker-syntax.ts";

/**
 * ExaBGP through its process API. ExaBGP runs exabgp-relay.py (beside this file) as a process;
 * Levee writes one command line into the relay's FIFO and reads ExaBGP's answer (`done` /
 * `error`) from the relay's answer file. Its adj-rib-out is read back the same way for
 * reconciliation; a restart shows as a new "levee-relay started" line.
 */
export class ExaBgpSpeaker implements Speaker {
  readonly name: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly commandFifo: string,
    readonly answerFile: string,
    private readonly options: { name?: string; timeoutMs?: number } = {},
  ) {
    this.name = options.name ?? `exabgp ${commandFifo}`;
  }

  announce(intent: Intent): Promise<SpeakerCall> {
    return this.command(exabgpAnnounce(intent));
  }

  withdraw(intent: Intent): Promise<SpeakerCall> {
    return this.command(exabgpWithdraw(intent));
  }

  /** Commands go one at a time: each waits for its own answer. */
  private command(line: string): Promise<SpeakerCall> {
    return this.serial(() => this.send(line)).then(({ call }) => call);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Sends one line; resolves with the call and the lines ExaBGP wrote before its `done`. */
  private async send(line: string): Promise<{ call: SpeakerCall; lines: string[] }> {
    const request = { command: line };
    const offset = await stat(this.answerFile).then(
      (s) => s.size,
      () => 0,
    );
    let fifo: Awaited<ReturnType<typeof open>>;
    try {
      // Non-blocking: with no relay reading (ExaBGP down) this fails at once instead of hanging.
      fifo = await open(this.commandFifo, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === "ENXIO"
          ? "ExaBGP is not running (nothing reads the command pipe)"
          : `cannot open the command pipe (${code})`;
      throw new SpeakerError(this.name, why, request);
    }
    try {
      await fifo.write(`${line}\n`);
    } finally {
      await fifo.close();
    }
    const deadline = Date.now() + (this.options.timeoutMs ?? 5000);
    while (Date.now() < deadline) {
      const text = await readFile(this.answerFile).then(
        (b) => b.subarray(offset).toString("utf8"),
        () => "",
      );
      const lines = text.split("\n");
      const at = lines.findIndex((l) => l === "done" || l === "error" || l.startsWith("levee-relay started"));
      const answer = lines[at];
      if (answer === "done") return { call: { speaker: this.name, request }, lines: lines.slice(0, at) };
      if (answer === "error")
        throw new SpeakerError(this.name, "ExaBGP refused the command (see its log)", request);
      if (answer) throw new SpeakerError(this.name, "ExaBGP restarted while the command was sent", request);
      await sleep(5);
    }
    throw new SpeakerError(this.name, "no answer from ExaBGP before the deadline", request);
  }

  /**
   * What ExaBGP sends its peers (`show adj-rib out extensive`), so reconciliation re-sends only
   * what is missing. When ExaBGP cannot answer (down, or adj-rib-out turned off), only the
   * generation is known: a restart then re-sends everything intended.
   */
  async rib(): Promise<SpeakerRib> {
    const text = await readFile(this.answerFile, "utf8").catch(() => "");
    const starts = text.split("\n").filter((l) => l.startsWith("levee-relay started"));
    const generation = starts.at(-1) ?? "not started";
    if (generation === "not started") return { generation };
    try {
      const { lines } = await this.serial(() => this.send("show adj-rib out extensive"));
      return { signatures: exabgpRibSignatures(lines), generation };
    } catch {
      return { generation };
    }
  }

  async close(): Promise<void> {
    await this.queue;
  }
}
