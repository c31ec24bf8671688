/**
 * Agents' operations admitting or at work over all of this process's graphql-ws sockets, and the
 * agent sockets not read because of them.
 *
 * **The process's cap.** Each socket's own cap (WS_MAX_PENDING) bounds one client, not a fleet:
 * 10,000 agents sending faster than the process answers (paced regardless of their answers, as a
 * bench does) piled ~150,000 operations up in memory, and garbage collection took ~40 % of the
 * process, so it stored 1,300–3,700 samples/s instead of its ~6,600. Past `max`, an agent socket
 * that sends another operation is not read again until an operation ends; its next frames wait in
 * the kernel's buffers (and its client's), unparsed. The cap is soft: what that socket's read
 * already brought is counted and handled (ws parses the rest of a read after a pause), so an
 * overloaded process holds about one read's operations per agent socket beyond it.
 *
 * **Each key's share.** An agent key is one node's; its agent has at most two operations on its
 * socket (a batch and an express report, telemetry-pusher.ts). A stolen key, though, may open
 * many sockets and write dozens of operations in each read, and during a database stall (when
 * nothing ends) fill the process's cap alone, holding every other agent. Holding its sockets
 * would not bound it (each socket's first read is always handled), so an operation that finds
 * its key with `keyShare` operations counted is not counted: `enter` returns undefined and the
 * caller refuses it (graphql-ws.ts: RATE_LIMITED, the refusal held like a rate limit's).
 *
 * Only agents count: one integration or user can open many sockets whose operations wait for
 * their caller's turn (operation-limits.ts); counted here, one caller's queue would hold every
 * agent. Those callers keep their own bounds (rate limit, turns, the heavy gate).
 *
 * No I/O here: the socket is the caller's (`SocketControl`), so the rules are tested on their own
 * (agent-load.test.ts) and with real sockets (api/test/security/ws-work.test.ts).
 */
/**
 * Operations one agent key may have counted at once over this process's sockets (AgentLoad);
 * more are refused RATE_LIMITED. Its agent has at most two on its socket (a batch and an express
 * report). An operation abandoned by a socket that timed out stays counted until its work ends,
 * so a database stall adds about one per reconnect (every 20–50 s with the agent's 10 s timeout
 * and backoff): a real agent reaches the share after ~3 minutes of stall, and is then refused in
 * a second instead of timing out, so its count stops growing. A client sending a call a second
 * regardless of its answers (bench:ingest's paced rows) is refused once 8 s behind.
 */
export const AGENT_KEY_SHARE = 8;

export interface SocketControl<S> {
  pause(socket: S): void;
  /** Reads the socket again unless it is still paused for a reason of its own or held here. */
  resume(socket: S): void;
  /** False for a socket that is closing, or paused for its own reason (its own ends read it again). */
  readable(socket: S): boolean;
}

export class AgentLoad<S> {
  /** Agents' operations counted now (admitting or at work). */
  operations = 0;
  /** Sockets held because the process is at its cap, oldest first. */
  private readonly heldSockets = new Set<S>();
  /**
   * Operations counted per key; a key with none has no entry. A count, not an object: an agent's
   * key goes idle after each report, so its entry comes and goes every second.
   */
  private readonly byKey = new Map<string, number>();

  constructor(
    readonly max: number,
    readonly keyShare: number,
    private readonly control: SocketControl<S>,
  ) {}

  /** Sockets held now by the process's cap. */
  get held(): number {
    return this.heldSockets.size;
  }

  /** Keys with operations counted now. */
  get keys(): number {
    return this.byKey.size;
  }

  isHeld(socket: S): boolean {
    return this.heldSockets.has(socket);
  }

  /**
   * An operation of `keyId` arrived on `socket`: counted, and the socket held when that takes the
   * process past its cap. Returns the operation's end (once is enough; later calls do nothing),
   * or undefined when its key already has its share counted: not counted, to be refused.
   */
  enter(socket: S, keyId: string): (() => void) | undefined {
    const ofKey = this.byKey.get(keyId) ?? 0;
    if (ofKey >= this.keyShare) return undefined;
    this.byKey.set(keyId, ofKey + 1);
    this.operations++;
    if (this.operations > this.max && !this.heldSockets.has(socket)) {
      this.heldSockets.add(socket);
      this.control.pause(socket);
    }
    let counted = true;
    return () => {
      if (!counted) return;
      counted = false;
      this.operations--;
      const left = (this.byKey.get(keyId) ?? 1) - 1;
      if (left > 0) this.byKey.set(keyId, left);
      else this.byKey.delete(keyId);
      this.readOneHeld();
    };
  }

  /** The socket closed: it holds no place in the line. */
  forget(socket: S) {
    this.heldSockets.delete(socket);
  }

  /**
   * Reads again as many held sockets as there is room for. A socket read in its turn may bring no
   * operation (an agent still waiting for the answer to the one it sent), and then no end follows
   * to pass the turn on: without this (every 250 ms from graphql-ws.ts), held sockets behind it
   * would wait for an operation from elsewhere.
   */
  sweep() {
    for (let room = this.max - this.operations; room > 0 && this.heldSockets.size > 0; room--)
      this.readOneHeld();
  }

  /**
   * An operation ended: the socket held longest is read again while the process is under its cap
   * (an agent waits for its answers, so each fills the place one left; one that sent many is held
   * again by its next). The turn goes to a socket that is read again: not to one closing
   * or paused for its own reason.
   */
  private readOneHeld() {
    // Runs as every agent operation ends: nothing held (the usual case) costs no iterator.
    if (this.heldSockets.size === 0 || this.operations >= this.max) return;
    for (const next of this.heldSockets) {
      this.heldSockets.delete(next);
      if (!this.control.readable(next)) continue;
      this.control.resume(next);
      return;
    }
  }
}
