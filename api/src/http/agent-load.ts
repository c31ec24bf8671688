/**
 * Agents' operations admitting or at work over all of this process's graphql-ws sockets, and the
 * agent sockets not read because of them.
 *
 * **The process's cap.** Each socket's own cap (WS_MAX_PENDING) bounds one client, not a fleet:
 * 10,000 agents sending faster than the process answers (paced regardless of their answers, as a
 * bench does) piled ~150,000 operations up in memory, and garbage collection took ~40 % of the
 * process, so it stored 1,300–3,700 samples/s instead of its ~6,600. Past `max`, an agent socket
 * that sends another operation is read for that one (and the rest of that read) but not again
 * until an operation ends; its next frames wait in the kernel's buffers (and its client's),
 * unparsed. The cap is soft by up to one operation per agent socket.
 *
 * **Each key's share.** An agent key is one node's, and its agent sends one operation at a time;
 * but a stolen key may open many sockets, each allowed WS_MAX_PENDING operations, and during a
 * database stall (when nothing ends) fill the process's cap alone, holding every other agent.
 * Past `keyShare` operations of one key, its socket that sent is held the same way until one of
 * that key's operations ends. The two holds are independent: a socket is read again once neither
 * holds it.
 *
 * Only agents count: one integration or user can open many sockets whose operations wait for
 * their caller's turn (operation-limits.ts); counted here, one caller's queue would hold every
 * agent. Those callers keep their own bounds (rate limit, turns, the heavy gate).
 *
 * No I/O here: the socket is the caller's (`SocketControl`), so the rules are tested on their own
 * (agent-load.test.ts) and with real sockets (api/test/security/ws-work.test.ts).
 */
export interface SocketControl<S> {
  pause(socket: S): void;
  /** Reads the socket again unless it is still paused for a reason of its own or held here. */
  resume(socket: S): void;
  /** False for a socket that is closing, or paused for its own reason (its own ends read it again). */
  readable(socket: S): boolean;
}

type KeyLoad<S> = { id: string; operations: number; held: Set<S> };

export class AgentLoad<S> {
  /** Agents' operations counted now (admitting or at work). */
  operations = 0;
  /** Sockets held because the process is at its cap, oldest first. */
  private readonly heldByProcess = new Set<S>();
  /** Sockets held because their key is at its share, with that key. */
  private readonly heldByKey = new Map<S, KeyLoad<S>>();
  /** Keys with operations counted (an idle key leaves nothing behind). */
  private readonly keys = new Map<string, KeyLoad<S>>();
  /** Keys with a socket held (the sweep looks at these, not at every key). */
  private readonly keysHolding = new Set<KeyLoad<S>>();

  constructor(
    readonly max: number,
    readonly keyShare: number,
    private readonly control: SocketControl<S>,
  ) {}

  /** Sockets held now: by the process's cap, and by their key's share (a socket may be both). */
  get held() {
    return { byProcess: this.heldByProcess.size, byKey: this.heldByKey.size };
  }

  isHeld(socket: S): boolean {
    return this.heldByProcess.has(socket) || this.heldByKey.has(socket);
  }

  /**
   * An operation of `keyId` arrived on `socket`: counted, and the socket held when that takes the
   * process past its cap or the key past its share. Returns the operation's end (once is enough;
   * later calls do nothing).
   */
  enter(socket: S, keyId: string): () => void {
    let key = this.keys.get(keyId);
    if (!key) {
      key = { id: keyId, operations: 0, held: new Set() };
      this.keys.set(keyId, key);
    }
    this.operations++;
    key.operations++;
    if (this.operations > this.max && !this.heldByProcess.has(socket)) {
      this.heldByProcess.add(socket);
      this.control.pause(socket);
    }
    if (key.operations > this.keyShare && !this.heldByKey.has(socket)) {
      this.heldByKey.set(socket, key);
      key.held.add(socket);
      this.keysHolding.add(key);
      this.control.pause(socket);
    }
    let counted = true;
    const ofKey = key;
    return () => {
      if (!counted) return;
      counted = false;
      this.operations--;
      ofKey.operations--;
      this.readOneForKey(ofKey);
      this.readOneForProcess();
      this.dropIfIdle(ofKey);
    };
  }

  /** The socket closed: it holds no place in either line. */
  forget(socket: S) {
    this.heldByProcess.delete(socket);
    const key = this.heldByKey.get(socket);
    if (!key) return;
    this.heldByKey.delete(socket);
    key.held.delete(socket);
    if (key.held.size === 0) this.keysHolding.delete(key);
    this.dropIfIdle(key);
  }

  /**
   * Reads again as many held sockets as there is room for, in both lines. A socket read in its
   * turn may bring no operation (an agent still waiting for the answer to the one it sent), and
   * then no end follows to pass the turn on: without this (every 250 ms from graphql-ws.ts), held
   * sockets behind it would wait for an operation from elsewhere.
   */
  sweep() {
    for (const key of this.keysHolding) {
      for (let room = this.keyShare - key.operations; room > 0 && key.held.size > 0; room--)
        this.readOneForKey(key);
      this.dropIfIdle(key);
    }
    for (let room = this.max - this.operations; room > 0 && this.heldByProcess.size > 0; room--)
      this.readOneForProcess();
  }

  /**
   * An operation ended: the socket held longest is read again while the process is under its cap
   * (an agent sends one operation at a time, so each fills the place one left; one that sent many
   * is held again by its next). The turn goes to a socket that is read again: not to one closing
   * or paused for its own reason, nor to one its key still holds (its key is full).
   */
  private readOneForProcess() {
    // Runs as every agent operation ends: nothing held (the usual case) costs no iterator.
    if (this.heldByProcess.size === 0 || this.operations >= this.max) return;
    for (const next of this.heldByProcess) {
      this.heldByProcess.delete(next);
      if (!this.control.readable(next) || this.heldByKey.has(next)) continue;
      this.control.resume(next);
      return;
    }
  }

  /** As readOneForProcess, within one key: its socket held longest leaves the key's line. */
  private readOneForKey(key: KeyLoad<S>) {
    if (key.held.size === 0 || key.operations >= this.keyShare) return;
    for (const next of key.held) {
      key.held.delete(next);
      this.heldByKey.delete(next);
      if (key.held.size === 0) this.keysHolding.delete(key);
      if (!this.control.readable(next)) continue;
      // Still held by the process's cap: read again in that line's turn (the key's turn is used).
      if (!this.heldByProcess.has(next)) this.control.resume(next);
      return;
    }
  }

  private dropIfIdle(key: KeyLoad<S>) {
    if (key.operations === 0 && key.held.size === 0) this.keys.delete(key.id);
  }
}
