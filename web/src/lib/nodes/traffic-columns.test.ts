import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SeriesWindow } from "../charts/series-window";
import * as traffic from "./traffic-columns";

const point = (second: number, synRecv: number | null): traffic.TrafficPointIn => ({
  ts: new Date(second * 1000).toISOString(),
  rxPps: 1000,
  rxBps: 8_000_000,
  tcpPps: 700,
  udpPps: 250,
  icmpPps: 10,
  otherPps: 40,
  synRecv,
  tcpEstablished: synRecv === null ? null : 40,
  tcpTotal: synRecv === null ? null : 60,
});

describe("traffic columns", () => {
  it("hands each chart its own series from the one window", () => {
    const window = new SeriesWindow(10, traffic.SERIES_COUNT);
    window.push(1, traffic.pointValues(point(1, 3), 5000));
    window.push(2, traffic.pointValues(point(2, 900), 5000));
    assert.deepEqual(traffic.chartColumns(window.columns, traffic.RATE_SERIES), [
      [1, 2],
      [1000, 1000],
      [8_000_000, 8_000_000],
      [5000, 5000],
    ]);
    assert.deepEqual(traffic.chartColumns(window.columns, traffic.PROTOCOL_SERIES), [
      [1, 2],
      [700, 700],
      [250, 250],
      [10, 10],
      [40, 40],
    ]);
    assert.deepEqual(traffic.chartColumns(window.columns, traffic.CONNECTION_SERIES), [
      [1, 2],
      [3, 900],
      [40, 40],
      [60, 60],
      [null, null],
      [null, null],
    ]);
  });

  it("keeps counts a node did not report as null, not zero", () => {
    const window = new SeriesWindow(10, traffic.SERIES_COUNT);
    window.push(1, traffic.pointValues(point(1, null), 5000));
    assert.deepEqual(traffic.chartColumns(window.columns, traffic.CONNECTION_SERIES), [
      [1],
      [null],
      [null],
      [null],
      [null],
      [null],
    ]);
  });

  it("keeps a bucket's highest SYN_RECV second beside its average, a second's own count otherwise", () => {
    const window = new SeriesWindow(10, traffic.SERIES_COUNT);
    window.push(60, traffic.pointValues({ ...point(60, 2.5), maxSynRecv: 4000 }, 5000));
    window.push(61, traffic.pointValues(point(61, 9), 5000));
    assert.deepEqual(traffic.chartColumns(window.columns, traffic.SYN_RECV_PEAK_SERIES), [
      [60, 61],
      [4000, 9],
    ]);
  });

  it("draws SYN cookies and listen overflows per second on the connection chart; a bucket's peaks beside them", () => {
    const window = new SeriesWindow(10, traffic.SERIES_COUNT);
    const flood = { syncookiesSent: 300, maxSyncookiesSent: 1200, listenOverflows: 2, maxListenOverflows: 9 };
    window.push(60, traffic.pointValues({ ...point(60, 40), ...flood }, 5000));
    window.push(
      61,
      traffic.pointValues({ ...point(61, 40), syncookiesSent: 0, listenOverflows: null }, 5000),
    );
    const [, , , , syncookies, overflows] = traffic.chartColumns(window.columns, traffic.CONNECTION_SERIES);
    assert.deepEqual(
      [syncookies, overflows],
      [
        [300, 0],
        [2, null],
      ],
    );
    assert.deepEqual(traffic.chartColumns(window.columns, traffic.LISTEN_QUEUE_PEAK_SERIES), [
      [60, 61],
      [1200, 0],
      [9, null],
    ]);
  });
});
