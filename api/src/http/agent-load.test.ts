import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AgentLoad } from "./agent-load.ts";

/** A socket as AgentLoad sees it: paused or read, open or closing, paused for its own reason. */
type Socket = { paused: boolean; open: boolean; ownPause: boolean; reads: number };

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
      s = { paused: false, open: true, ownPause: false, reads: 0 };
      sockets.set(name, s);
    }
    return s;
  };
  /** An operation that is counted (the test fails if it is refused). */
  const counted = (name: string, key = `key-${name}`) => {
    const end = load.enter(socket(name), key);
    assert.ok(end, `${name}'s operation was refused`);
    return end;
  };
  return { load, socket, counted };
}

describe("AgentLoad: the process's cap", () => {
  it("holds the socket whose operation crosses the cap, and reads the oldest held again as work ends", () => {
    const { load, socket, counted } = setup(2, 100);
    const ends = ["a", "b", "c", "d"].map((n) => counted(n));
    // Soft: the crossing operations are counted (and handled); their sockets are not read again.
    assert.equal(load.operations, 4);
    assert.equal(load.held, 2);
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
    assert.equal(load.held, 0);
    assert.equal(load.operations, 0);
  });

  it("an end is counted once however often it is called", () => {
    const { load, counted } = setup(1, 100);
    const end = counted("a");
    end();
    end();
    assert.equal(load.operations, 0);
    assert.equal(load.keys, 0);
  });

  it("passes a turn over a closing socket and one paused for its own reason; forgets a closed one", () => {
    const { load, socket, counted } = setup(1, 100);
    const first = counted("a");
    const ends = ["b", "c", "d"].map((n) => counted(n));
    socket("b").open = false;
    socket("c").ownPause = true;
    load.forget(socket("d"));
    for (const end of ends) end();
    first();
    assert.equal(socket("b").reads + socket("c").reads + socket("d").reads, 0);
    assert.equal(load.held, 0);
  });

  it("the sweep reads as many held sockets as there is room for", () => {
    const { load, socket, counted } = setup(2, 100);
    const ends = ["a", "b", "c", "d", "e"].map((n) => counted(n));
    // The held sockets' own operations end first: each end finds the process at its cap.
    for (const end of ends.slice(2)) end();
    assert.equal(load.held, 3);
    ends[0]?.();
    ends[1]?.();
    // Two ends under the cap, two turns; the third held socket is left with nothing to end.
    assert.equal(socket("c").paused, false);
    assert.equal(socket("d").paused, false);
    assert.equal(socket("e").paused, true);
    load.sweep();
    assert.equal(socket("e").paused, false);
    assert.equal(load.held, 0);
  });
});

describe("AgentLoad: one key's share", () => {
  it("refuses a key's operations past its share, on any socket, and counts them again once one ends", () => {
    const { load, socket, counted } = setup(100, 2);
    const first = counted("s1", "stolen");
    counted("s2", "stolen");
    // On the same sockets or new ones, however many: not counted, not holding any socket.
    for (const name of ["s1", "s3", "s4", "s5"]) assert.equal(load.enter(socket(name), "stolen"), undefined);
    assert.equal(load.operations, 2);
    assert.equal(load.held, 0);
    // Another key is not refused for the first one's share.
    counted("o", "other")();
    first();
    counted("s3", "stolen");
    assert.equal(load.enter(socket("s4"), "stolen"), undefined);
  });

  it("a refused operation holds no socket, even with the process at its cap", () => {
    const { load, socket, counted } = setup(1, 1);
    counted("a", "k");
    // The process is at its cap (1) and k at its share (1): refused, not counted, not holding.
    assert.equal(load.enter(socket("b"), "k"), undefined);
    assert.equal(socket("b").paused, false);
    assert.equal(load.held, 0);
    // Another key's operation crosses the cap: counted, and its socket held.
    counted("c", "j");
    assert.equal(load.held, 1);
    assert.equal(load.operations, 2);
  });

  it("an idle key leaves nothing behind", () => {
    const { load, counted } = setup(100, 3);
    const ends = ["a", "b", "c"].map((n) => counted(n, "k"));
    assert.equal(load.keys, 1);
    for (const end of ends) end();
    assert.equal(load.keys, 0);
  });
});
