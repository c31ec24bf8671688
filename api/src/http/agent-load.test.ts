import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AgentLoad } from "./agent-load.ts";

/** A socket as AgentLoad sees it: paused or read, open or closing, paused for its own reason. */
type Socket = { name: string; paused: boolean; open: boolean; ownPause: boolean; reads: number };

function setup(max: number, keyShare: number) {
  const sockets = new Map<string, Socket>();
  const load: AgentLoad<Socket> = new AgentLoad(max, keyShare, {
    pause: (s) => {
      s.paused = true;
    },
    resume: (s) => {
      if (!s.ownPause && !load.isHeld(s) && s.paused) {
        s.paused = false;
        s.reads++;
      }
    },
    readable: (s) => s.open && !s.ownPause,
  });
  const socket = (name: string) => {
    let s = sockets.get(name);
    if (!s) {
      s = { name, paused: false, open: true, ownPause: false, reads: 0 };
      sockets.set(name, s);
    }
    return s;
  };
  return { load, socket };
}

describe("AgentLoad: the process's cap", () => {
  it("holds the socket whose operation crosses the cap, and reads the oldest held again as work ends", () => {
    const { load, socket } = setup(2, 100);
    const ends = ["a", "b", "c", "d"].map((n) => load.enter(socket(n), `key-${n}`));
    // Soft: the crossing operations are counted (and handled); their sockets are not read again.
    assert.equal(load.operations, 4);
    assert.deepEqual(load.held, { byProcess: 2, byKey: 0 });
    assert.equal(socket("a").paused, false);
    assert.equal(socket("c").paused, true);
    ends[0]?.();
    ends[1]?.();
    // Still at the cap (2 at work): nobody is read yet.
    assert.equal(socket("c").paused, true);
    ends[2]?.();
    assert.equal(socket("c").paused, false, "the socket held longest is read first");
    assert.equal(socket("d").paused, true);
    ends[3]?.();
    assert.equal(socket("d").paused, false);
    assert.deepEqual(load.held, { byProcess: 0, byKey: 0 });
    assert.equal(load.operations, 0);
  });

  it("an end is counted once however often it is called", () => {
    const { load, socket } = setup(1, 100);
    const end = load.enter(socket("a"), "k");
    end();
    end();
    assert.equal(load.operations, 0);
  });

  it("passes a turn over a closing socket and one paused for its own reason; forgets a closed one", () => {
    const { load, socket } = setup(1, 100);
    const first = load.enter(socket("a"), "ka");
    const ends = ["b", "c", "d"].map((n) => load.enter(socket(n), `k${n}`));
    socket("b").open = false;
    socket("c").ownPause = true;
    load.forget(socket("d"));
    for (const end of ends) end();
    first();
    assert.equal(socket("b").reads + socket("c").reads + socket("d").reads, 0);
    assert.deepEqual(load.held, { byProcess: 0, byKey: 0 });
  });

  it("the sweep reads as many held sockets as there is room for", () => {
    const { load, socket } = setup(2, 100);
    const ends = ["a", "b", "c", "d", "e"].map((n) => load.enter(socket(n), `k${n}`));
    // The held sockets' own operations end first: each end finds the process at its cap.
    for (const end of ends.slice(2)) end();
    assert.equal(load.held.byProcess, 3);
    ends[0]?.();
    ends[1]?.();
    // Two ends under the cap, two turns; the third held socket is left with nothing to end.
    assert.equal(socket("c").paused, false);
    assert.equal(socket("d").paused, false);
    assert.equal(socket("e").paused, true);
    load.sweep();
    assert.equal(socket("e").paused, false);
    assert.deepEqual(load.held, { byProcess: 0, byKey: 0 });
  });
});

describe("AgentLoad: one key's share", () => {
  it("holds a key's socket past its share, and reads it again when one of that key's operations ends", () => {
    const { load, socket } = setup(100, 2);
    const stolen = ["s1", "s2", "s3", "s4"].map((n) => load.enter(socket(n), "stolen"));
    assert.deepEqual(load.held, { byProcess: 0, byKey: 2 });
    assert.equal(socket("s3").paused, true);
    // Another key is not held by the first one's share.
    const other = load.enter(socket("o"), "other");
    assert.equal(socket("o").paused, false);
    other();
    // Another key's end reads none of the first key's sockets.
    assert.equal(socket("s3").paused, true);
    stolen[0]?.();
    stolen[1]?.();
    // Its held sockets' operations (handled: the hold is soft) still fill the share.
    assert.equal(socket("s3").paused, true);
    stolen[2]?.();
    assert.equal(socket("s3").paused, false);
    assert.equal(socket("s4").paused, true, "one turn per end under the share");
    stolen[3]?.();
    assert.equal(socket("s4").paused, false);
    assert.deepEqual(load.held, { byProcess: 0, byKey: 0 });
  });

  it("a socket held by both is read once neither holds it", () => {
    const { load, socket } = setup(2, 1);
    const a = load.enter(socket("a"), "k");
    const b = load.enter(socket("b"), "j");
    // Crosses both the key's share (1) and the process's cap (2).
    const c = load.enter(socket("c"), "k");
    const d = load.enter(socket("d"), "m");
    assert.deepEqual(load.held, { byProcess: 2, byKey: 1 });
    c();
    a();
    // The key's line let c go, but the process is still at its cap (b and d at work).
    assert.equal(socket("c").paused, true);
    assert.deepEqual(load.held, { byProcess: 2, byKey: 0 });
    b();
    assert.equal(socket("c").paused, false, "held longest in the process's line");
    assert.equal(socket("d").paused, true);
    load.sweep();
    assert.equal(socket("d").paused, false);
    d();
    assert.deepEqual(load.held, { byProcess: 0, byKey: 0 });
  });

  it("the sweep reads a key's held sockets once its operations have ended", () => {
    const { load, socket } = setup(100, 1);
    const ends = ["a", "b", "c"].map((n) => load.enter(socket(n), "k"));
    // b and c end first (their ends find the key at its share: a is at work), then a.
    ends[1]?.();
    ends[2]?.();
    ends[0]?.();
    // a's end read b; c waits, with nothing at work to end: the sweep reads it.
    assert.equal(socket("b").paused, false);
    assert.equal(socket("c").paused, true);
    load.sweep();
    assert.equal(socket("c").paused, false);
    assert.deepEqual(load.held, { byProcess: 0, byKey: 0 });
  });
});
