import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeRates, counterDelta } from "./rates.ts";

const proto = (ipIn: number, tcpIn: number, udpIn: number, icmpIn: number) => ({
  ipIn,
  tcpIn,
  udpIn,
  icmpIn,
});

describe("counterDelta", () => {
  it("is the plain difference while the counter grows", () => {
    assert.equal(counterDelta(100, 350), 250);
    assert.equal(counterDelta(0, 0), 0);
  });
  it("handles a 32-bit wrap", () => {
    assert.equal(counterDelta(2 ** 32 - 10, 5), 15);
  });
  it("treats any other decrease as a reset: what was counted since", () => {
    assert.equal(counterDelta(5_000_000, 120), 120);
    assert.equal(counterDelta(2 ** 40, 7), 7);
    // A reset while a 64-bit counter held 3 GB is not a wrap (that would read as ~10 Gbit/s).
    assert.equal(counterDelta(3e9, 1000), 1000);
  });
});

describe("computeRates", () => {
  const iface = (rxPackets: number, rxBytes: number) => ({ rxPackets, rxBytes, txPackets: 1, txBytes: 2 });

  it("divides deltas by the elapsed seconds and derives other = ip - tcp - udp - icmp", () => {
    const r = computeRates(
      0.5,
      { previous: iface(100, 1000), current: iface(600, 61000) },
      { previous: proto(0, 0, 0, 0), current: proto(100, 40, 30, 10) },
    );
    assert.deepEqual(r, {
      rxPps: 1000,
      rxBps: 960000,
      txPps: 0,
      txBps: 0,
      tcpPps: 80,
      udpPps: 60,
      icmpPps: 20,
      otherPps: 40,
    });
  });

  it("gives 0 for a vanished or new interface and never a negative other", () => {
    const r = computeRates(
      1,
      { previous: iface(1, 1), current: undefined },
      { previous: proto(0, 0, 0, 0), current: proto(5, 10, 0, 0) },
    );
    assert.equal(r.rxPps, 0);
    assert.equal(r.otherPps, 0);
    assert.equal(computeRates(1, { current: iface(9, 9) }, {}).rxPps, 0);
    assert.equal(computeRates(0, { previous: iface(1, 1), current: iface(9, 9) }, {}).rxPps, 0);
  });
});

describe("computeRates with the host's loopback counters", () => {
  const lo = (rxPackets: number) => ({ rxPackets, rxBytes: 0, txPackets: rxPackets, txBytes: 0 });

  it("caps every protocol rate at the IP packets from outside: a loopback burst shows no further", () => {
    // 2 s: 20,000 TCP segments, all but 200 of them on loopback; 100 UDP datagrams and 10 ICMP from outside.
    const r = computeRates(
      2,
      {},
      { previous: proto(0, 0, 0, 0), current: proto(20_110, 20_000, 100, 10) },
      { previous: lo(500), current: lo(20_300) },
    );
    // 310 packets from outside in 2 s: TCP reads 155/s, not 10,000/s (its true 100/s is not known).
    assert.deepEqual([r.tcpPps, r.udpPps, r.icmpPps, r.otherPps], [155, 50, 5, 0]);
  });

  it("never hides a flood of one protocol under loopback's traffic of another", () => {
    // 1 s: a local database's 196,000 TCP segments on loopback; a UDP flood of 8,000 datagrams.
    const r = computeRates(
      1,
      {},
      { previous: proto(0, 0, 0, 0), current: proto(204_000, 196_000, 8_000, 0) },
      { previous: lo(0), current: lo(196_000) },
    );
    assert.equal(r.udpPps, 8_000, "the flood, whole (lowering it by loopback's rate read 0)");
    assert.equal(r.tcpPps, 8_000, "the price: TCP shows up to what came from outside");
  });

  it("leaves the rates as counted without both loopback reads (sampling lo itself, or lo missing)", () => {
    const counted = { previous: proto(0, 0, 0, 0), current: proto(100, 40, 30, 10) };
    const plain = computeRates(1, {}, counted);
    assert.deepEqual(computeRates(1, {}, counted, { current: lo(1_000) }), plain);
    assert.deepEqual([plain.tcpPps, plain.otherPps], [40, 20]);
  });
});
