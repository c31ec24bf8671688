import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallerTurns, MAX_REST_MS, PRESENT_MS } from "./caller-turns.ts";

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** A clock the test moves by hand. */
function handClock() {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    after: (ms: number, fn: () => void) => {
      timers.push({ at: now + ms, fn });
    },
    async advance(to: number) {
      now = to;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
      await settle();
    },
  };
}

describe("caller turns", () => {
  it("a caller's operations run together up to the capacity, the rest in order; another caller is not kept waiting", async () => {
    const clock = handClock();
    const turns = new CallerTurns(100, 1, clock);
    const started: string[] = [];
    const enter = (caller: string, price: number, name: string) =>
      turns.enter(caller, price).then((release) => {
        started.push(name);
        return release;
      });
    const a1 = enter("a", 60, "a1");
    const a2 = enter("a", 60, "a2");
    const a3 = enter("a", 10, "a3");
    const b1 = enter("b", 100, "b1");
    const b2 = enter("b", 500, "b2");
    await settle();
    assert.deepEqual(started, ["a1", "b1"], "a2 does not fit beside a1; a3 waits behind a2 (in order)");
    (await a1)();
    (await a1)(); // a second call gives nothing back
    await settle();
    assert.deepEqual(started, ["a1", "b1", "a2", "a3"]);
    (await b1)();
    await settle();
    assert.deepEqual(started.slice(4), ["b2"], "one priced over the capacity runs alone");
    for (const release of [a2, a3, b2]) (await release)();
    assert.equal(turns.size, 0, "nothing kept once every place is given back");
  });

  it("with a share, a place held T ms at price c rests the line T × c / capacity × (1/share − 1)", async () => {
    const clock = handClock();
    const turns = new CallerTurns(100, 0.5, clock);
    const first = await turns.enter("a", 100);
    let second = false;
    const next = turns.enter("a", 50).then((release) => {
      second = true;
      return release;
    });
    await clock.advance(40);
    first();
    await settle();
    assert.equal(second, false, "held 40 ms at the full capacity and a half share: the line rests 40 ms");
    await clock.advance(79);
    assert.equal(second, false);
    await clock.advance(80);
    assert.equal(second, true);
    await clock.advance(100);
    (await next)();
    assert.equal(turns.size, 1, "held 20 ms at half the capacity: the line rests 10 ms");
    await clock.advance(110);
    assert.equal(turns.size, 0, "forgotten once the rest is over");
    assert.ok(await turns.enter("b", 100), "another caller starts at once");
  });

  it("an operation that waited long (a lock, a slow pool) rests its caller's line MAX_REST_MS at most", async () => {
    const clock = handClock();
    const turns = new CallerTurns(100, 0.5, clock);
    const first = await turns.enter("a", 100);
    await clock.advance(10_000); // ten seconds, most of it waiting for the database
    first();
    let next = false;
    void turns.enter("a", 100).then(() => {
      next = true;
    });
    await settle();
    assert.equal(next, false, "the line rests");
    await clock.advance(10_000 + MAX_REST_MS);
    assert.equal(next, true, "for MAX_REST_MS, not ten seconds");
  });

  it("a waiting operation whose client went away leaves the line: those behind it are not kept waiting", async () => {
    const clock = handClock();
    const turns = new CallerTurns(100, 1, clock);
    const first = await turns.enter("a", 100);
    const gone = new AbortController();
    let abandoned: string | undefined;
    void turns.enter("a", 100, gone.signal).then((release) => {
      abandoned = release ? "started" : "left";
    });
    let behind = false;
    const third = turns.enter("a", 100).then((release) => {
      behind = true;
      return release;
    });
    await settle();
    gone.abort();
    await settle();
    assert.equal(abandoned, "left", "answered at once, with no place");
    first();
    await settle();
    assert.equal(behind, true, "the one behind starts when the first is done, not after the one that left");
    (await third)();
    assert.equal(turns.size, 0, "nothing kept for the one that left");
    assert.equal(await turns.enter("b", 1, AbortSignal.abort()), undefined, "already gone: no place taken");
    assert.equal(turns.size, 0);
  });

  it("with a process share, while another caller is present, one caller's work rests every caller's line", async () => {
    const clock = handClock();
    const turns = new CallerTurns(100, 1, clock, 0.25);
    const started: string[] = [];
    turns.present("a");
    const alone = await turns.enter("a", 100);
    await clock.advance(10);
    alone();
    assert.ok(await turns.enter("a", 100), "alone on the process: no rest, whatever its share");

    const turns2 = new CallerTurns(100, 1, clock, 0.25);
    turns2.present("ordinary"); // a cheap query: never in a line, but present
    turns2.present("a");
    const first = await turns2.enter("a", 100);
    await clock.advance(20);
    first(); // 10 ms at the full capacity, a quarter share: every line rests 30 ms
    const b = turns2.enter("b", 50).then((release) => {
      started.push("b");
      return release;
    });
    await settle();
    assert.deepEqual(started, [], "another caller's operation waits out the process's rest");
    await clock.advance(49);
    assert.deepEqual(started, []);
    await clock.advance(50);
    assert.deepEqual(started, ["b"]);
    (await b)();

    // The ordinary caller has gone quiet: a's work no longer rests anyone.
    await clock.advance(50 + PRESENT_MS);
    turns2.present("a");
    const later = await turns2.enter("a", 100);
    await clock.advance(60 + PRESENT_MS);
    later();
    assert.ok(await turns2.enter("b", 100), "nobody else present: no process rest");
  });

  it("work outside the lines (a heavy gate's operation) rests the process's lines too", async () => {
    const clock = handClock();
    const turns = new CallerTurns(100, 1, clock, 0.5);
    turns.present("ordinary");
    const done = turns.track("heavy", 1_000);
    await clock.advance(40);
    done(); // priced over the capacity: as the capacity; half share: 40 ms of rest
    let next = false;
    void turns.enter("b", 100).then(() => {
      next = true;
    });
    await settle();
    assert.equal(next, false);
    await clock.advance(80);
    assert.equal(next, true);
  });

  for (const rest of ["the caller's", "the process's"] as const)
    it(`every waiting operation starts after ${rest} rest, on a clock that moves on between readings`, async () => {
      // Each reading is 0.25 ms after the last, as on a busy machine; the test fires due timers.
      // A line found resting at one reading and checked for a wake-up at a later one, past the
      // rest, used to wait with no timer to wake it.
      let now = 0;
      const timers: { at: number; fn: () => void }[] = [];
      const clock = {
        now: () => {
          now += 0.25;
          return now;
        },
        after: (ms: number, fn: () => void) => {
          timers.push({ at: now + ms, fn });
        },
      };
      const turns =
        rest === "the caller's" ? new CallerTurns(100, 0.5, clock) : new CallerTurns(100, 1, clock, 1 / 3);
      let done = 0;
      const operations = Array.from({ length: 40 }, async (_, i) => {
        const release = await turns.enter("a", 100);
        now += (i % 8) * 0.05; // rests of every length around a clock reading's step
        release();
        done++;
      });
      for (let step = 0; step < 2_000 && done < operations.length; step++) {
        turns.present("other"); // for the process's rest: another caller is present
        now += 0.5;
        await settle();
        const due = timers.filter((timer) => timer.at <= now);
        for (const timer of due) timers.splice(timers.indexOf(timer), 1);
        for (const timer of due) timer.fn();
        await settle();
      }
      assert.equal(done, operations.length);
    });
});
