import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parseListenQueue } from "./net-netstat.ts";
import { listenQueueRates } from "./rates.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/proc/${name}`, import.meta.url), "utf8");

describe("/proc/net/netstat TcpExt listen-queue counters", () => {
  it("reads the five counters from a real file (TcpExt then IpExt, MPTcpExt)", () => {
    assert.deepEqual(parseListenQueue(fixture("net-netstat.txt")), {
      syncookiesSent: 1234,
      syncookiesRecv: 56,
      syncookiesFailed: 7,
      listenOverflows: 890,
      listenDrops: 901,
    });
  });

  it("leaves out a column the kernel does not print (not read, not 0)", () => {
    const counters = parseListenQueue(fixture("net-netstat-no-syncookies.txt"));
    assert.deepEqual(counters, { listenOverflows: 890, listenDrops: 901 });
    assert.deepEqual(listenQueueRates(1, counters, counters), {
      syncookiesSent: null,
      syncookiesRecv: null,
      syncookiesFailed: null,
      listenOverflows: 0,
      listenDrops: 0,
    });
  });

  it("no TcpExt table, or a header without its values: undefined", () => {
    assert.equal(parseListenQueue("IpExt: InNoRoutes\nIpExt: 0\n"), undefined);
    assert.equal(parseListenQueue("TcpExt: SyncookiesSent\nIpExt: InNoRoutes\n"), undefined);
    assert.equal(parseListenQueue(""), undefined);
  });

  it("a value that is not a number is left out; a short values line leaves the rest out", () => {
    assert.deepEqual(parseListenQueue("TcpExt: SyncookiesSent ListenDrops ListenOverflows\nTcpExt: x1 5"), {
      listenDrops: 5,
    });
  });

  it("rates per second survive a 32-bit wrap and read a reset as the count since it", () => {
    const before = { syncookiesSent: 2 ** 32 - 100, listenOverflows: 5_000_000_000 };
    const wrapped = listenQueueRates(2, before, { syncookiesSent: 300, listenOverflows: 5_000_000_400 });
    assert.equal(wrapped.syncookiesSent, 200, "400 cookies over the wrap in 2 s");
    assert.equal(wrapped.listenOverflows, 200);
    // A namespace re-created (counters back near 0) is no burst of 2^32.
    const reset = listenQueueRates(1, { syncookiesSent: 9_000_000_000 }, { syncookiesSent: 40 });
    assert.equal(reset.syncookiesSent, 40);
  });
});
