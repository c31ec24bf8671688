import assert from "node:assert/strict";
import { after, describe, it, mock } from "node:test";
import { Redis } from "ioredis";
import { testRedisUrl } from "../../test/databases.ts";
import { admit, createRateLimiter } from "./rate-limiter.ts";

describe("rate limiter", () => {
  const redis = new Redis(testRedisUrl);
  after(() => redis.quit());

  for (const kind of ["in-process", "redis"] as const) {
    it(`${kind}: allows the limit per minute, then refuses with a retry time`, async () => {
      const prefix = `levee-test-${process.pid}-${Date.now()}`;
      const limiter = createRateLimiter(3, kind === "redis" ? redis : undefined, prefix);
      const decisions = [];
      for (let i = 0; i < 5; i++) decisions.push(await limiter.hit("key-a"));
      assert.deepEqual(
        decisions.map((d) => d.allowed),
        [true, true, true, false, false],
      );
      assert.ok((decisions[4]?.retryAfterSeconds ?? 0) >= 1 && (decisions[4]?.retryAfterSeconds ?? 99) <= 60);
      assert.equal((await limiter.hit("key-b")).allowed, true, "other callers are counted apart");
    });
  }

  it("redis: two limiters (two API instances) share one count", async () => {
    const prefix = `levee-test-shared-${process.pid}-${Date.now()}`;
    const a = createRateLimiter(2, redis, prefix);
    const b = createRateLimiter(2, redis, prefix);
    assert.equal((await a.hit("k")).allowed, true);
    assert.equal((await b.hit("k")).allowed, true);
    assert.equal((await a.hit("k")).allowed, false);
  });

  it("redis: hits of one turn are counted in one call, each with its own place in the count", async () => {
    const prefix = `levee-test-turn-${process.pid}-${Date.now()}`;
    const a = createRateLimiter(3, redis, prefix);
    const b = createRateLimiter(3, redis, prefix);
    const calls = mock.method(redis, "evalsha");
    try {
      // Five hits of one key from two instances and one of another key, all in one turn.
      const decisions = await Promise.all([
        a.hit("k"),
        b.hit("k"),
        a.hit("other"),
        a.hit("k"),
        b.hit("k"),
        a.hit("k"),
      ]);
      assert.equal(calls.mock.callCount(), 1, "one script call for the turn");
      assert.deepEqual(
        decisions.map((d) => d.allowed),
        [true, true, true, true, false, false],
      );
      // The count goes on from there in the next turn, and survives the script leaving Redis' cache.
      await redis.script("FLUSH");
      assert.equal((await a.hit("other")).allowed, true);
      assert.equal((await a.hit("k")).allowed, false);
    } finally {
      calls.mock.restore();
    }
  });

  it("redis away: each process counts on its own instead of failing or waiting", async () => {
    // Port 1 on loopback: nothing listens, so the client only ever reconnects.
    const away = new Redis({ host: "127.0.0.1", port: 1, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    away.on("error", () => {});
    try {
      const limiter = createRateLimiter(2, away, `levee-test-away-${process.pid}`);
      const decisions = [];
      for (let i = 0; i < 3; i++) decisions.push((await limiter.hit("k")).allowed);
      assert.deepEqual(decisions, [true, true, false]);
    } finally {
      away.disconnect();
    }
  });

  for (const kind of ["in-process", "redis"] as const) {
    it(`${kind}: perSecond keeps the minute's allowance from being spent in one burst`, async () => {
      const prefix = `levee-test-burst-${process.pid}-${Date.now()}`;
      const limiter = createRateLimiter(1000, kind === "redis" ? redis : undefined, prefix, 60_000, {
        perSecond: 3,
      });
      let allowed = 0;
      for (let i = 0; i < 20; i++) if ((await limiter.hit("k")).allowed) allowed++;
      // 3 per one-second window; straddling a boundary at most the two windows' worth.
      assert.ok(allowed >= 3 && allowed <= 6, `${allowed} of 20 let through`);
    });
  }

  it("remembers a refusal: answered without counting, for that key only", async () => {
    const limiter = createRateLimiter(1, undefined, `levee-test-memo-${process.pid}`);
    assert.equal(limiter.refusing("k"), undefined);
    assert.equal((await limiter.hit("k")).allowed, true);
    assert.equal(limiter.refusing("k"), undefined, "allowed callers are not remembered");
    assert.equal((await limiter.hit("k")).allowed, false);
    const remembered = limiter.refusing("k");
    assert.equal(remembered?.allowed, false);
    assert.ok((remembered?.retryAfterSeconds ?? 0) >= 1);
    assert.equal(limiter.refusing("other"), undefined);
  });

  it("admit holds a refusal for holdRefusalsMs before answering RATE_LIMITED", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const limiter = createRateLimiter(1, undefined, `levee-test-hold-${process.pid}`, 60_000, {
        holdRefusalsMs: 1000,
      });
      await admit(limiter, "k");
      const outcome: { error?: { extensions?: { code?: string } } } = {};
      // Admitted at once (in-process count) is undefined; a refusal is a promise.
      const refused = (admit(limiter, "k") ?? assert.fail("a refusal is held")).catch((error) => {
        outcome.error = error;
      });
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(outcome.error, undefined, "still held");
      mock.timers.tick(999);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(outcome.error, undefined, "still held at 999 ms");
      mock.timers.tick(1);
      await refused;
      assert.equal(
        (outcome as { error?: { extensions?: { code?: string } } }).error?.extensions?.code,
        "RATE_LIMITED",
      );
    } finally {
      mock.timers.reset();
    }
  });

  it("holds at most 64 refusals of one caller; past that its refusals are answered at once, others still held", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const limiter = createRateLimiter(1, undefined, `levee-test-hold-key-${process.pid}`, 60_000, {
        holdRefusalsMs: 1000,
      });
      let answered = 0;
      for (let i = 0; i < 65; i++) void limiter.hold("flood").then(() => answered++);
      let other = false;
      void limiter.hold("someone-else").then(() => {
        other = true;
      });
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(answered, 1, "the 65th refusal of one caller is answered at once");
      assert.equal(other, false, "another caller's refusal is still held");
      mock.timers.tick(1000);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(answered, 65);
      assert.equal(other, true);
    } finally {
      mock.timers.reset();
    }
  });

  it("a queued refusal past the caller's 64 places waits for one, in turn, until its queue aborts", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const limiter = createRateLimiter(1, undefined, `levee-test-hold-line-${process.pid}`, 60_000, {
        holdRefusalsMs: 1000,
      });
      const socket = new AbortController();
      const closed = new AbortController();
      let answered = 0;
      for (let i = 0; i < 64; i++) void limiter.hold("flood", socket.signal).then(() => answered++);
      const order: string[] = [];
      void limiter.hold("flood", socket.signal).then(() => order.push("first in line"));
      void limiter.hold("flood", closed.signal).then(() => order.push("socket closed"));
      void limiter.hold("flood", socket.signal).then(() => order.push("second in line"));
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(answered, 0);
      assert.deepEqual(order, [], "past the caller's places, queued refusals wait, none answered at once");
      closed.abort();
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.deepEqual(order, ["socket closed"], "a closed socket's refusal leaves the line");
      mock.timers.tick(1000);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(answered, 64);
      assert.deepEqual(order, ["socket closed"], "the line took the freed places: held in turn");
      mock.timers.tick(1000);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.deepEqual(order, ["socket closed", "first in line", "second in line"]);
    } finally {
      mock.timers.reset();
    }
  });
  it("a held refusal whose client went away is answered and gives its place to the next in line at once", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const limiter = createRateLimiter(1, undefined, `levee-test-hold-gone-${process.pid}`, 60_000, {
        holdRefusalsMs: 1000,
      });
      const open = new AbortController();
      const gone = new AbortController();
      let answered = 0;
      void limiter.hold("flood", gone.signal).then(() => answered++);
      for (let i = 0; i < 63; i++) void limiter.hold("flood", open.signal).then(() => answered++);
      const order: string[] = [];
      void limiter.hold("flood", open.signal).then(() => order.push("first in line"));
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(answered, 0, "the caller's 64 places are held");
      gone.abort();
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(answered, 1, "the refusal of a client gone is not held on: its place is given back");
      mock.timers.tick(999);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(answered, 1, "the others are still held");
      assert.deepEqual(order, [], "the first in line took the freed place: held for its own second");
      mock.timers.tick(1);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(answered, 64);
      assert.deepEqual(order, ["first in line"], "held from when the client gone gave its place back");
    } finally {
      mock.timers.reset();
    }
  });
  it("a socket closing with places held and refusals in line gives its places to another client's waiter, not to its own", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const limiter = createRateLimiter(1, undefined, `levee-test-hold-close-${process.pid}`, 60_000, {
        holdRefusalsMs: 1000,
      });
      const a = new AbortController();
      const b = new AbortController();
      // Socket A: 64 places held, then 100 more refusals in line; then B's one refusal in line.
      for (let i = 0; i < 164; i++) void limiter.hold("caller", a.signal);
      let bAnswered = false;
      void limiter.hold("caller", b.signal).then(() => {
        bAnswered = true;
      });
      for (let i = 0; i < 5; i++) await Promise.resolve();
      // A closes: its held places' listeners run before its waiters'. Unfixed, each freed place
      // went to one of A's own waiters, which could not take it: B waited with no place coming.
      a.abort();
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(bAnswered, false, "B holds a freed place: held for its own second");
      mock.timers.tick(1000);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(bAnswered, true, "B's refusal is answered after its hold");
    } finally {
      mock.timers.reset();
    }
  });

  it("one caller's line is at most 256 long; past it its refusals are answered at once", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const limiter = createRateLimiter(1, undefined, `levee-test-line-cap-${process.pid}`, 60_000, {
        holdRefusalsMs: 1000,
      });
      const open = new AbortController();
      let answered = 0;
      for (let i = 0; i < 64 + 256 + 10; i++) void limiter.hold("caller", open.signal).then(() => answered++);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.equal(answered, 10, "64 held, 256 in line, the rest answered at once");
      open.abort();
    } finally {
      mock.timers.reset();
    }
  });
});
