import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Flags, ipv4, tcp, text, udp } from "../../test/analyze/pcap-builder.ts";
import { LinkType } from "./link-types.ts";
import { DecodedPacket, decodePacket } from "./packet-decoder.ts";
import { matchSignatures, SignatureBit } from "./signatures.ts";

const packet = new DecodedPacket();
function signatures(ip: Uint8Array): string[] {
  decodePacket(ip, 0, ip.length, LinkType.RAW, packet);
  const mask = matchSignatures(ip, packet);
  return Object.entries(SignatureBit)
    .filter(([, bit]) => mask & bit)
    .map(([name]) => name);
}
const fromUdp = (sport: number, payload: Uint8Array) =>
  ipv4({ src: "192.0.2.9", protocol: 17 }, udp(sport, 4444, payload));
const bytes = (...values: number[]) => Uint8Array.from(values);

describe("matchSignatures", () => {
  it("recognises DNS answers, and ANY answers among them", () => {
    const header = bytes(0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0);
    const question = (qtype: number) => bytes(7, ...text("example"), 3, ...text("com"), 0, 0, qtype, 0, 1);
    assert.deepEqual(signatures(fromUdp(53, bytes(...header, ...question(255)))), [
      "DNS_ANY_RESPONSE",
      "DNS_RESPONSE",
    ]);
    assert.deepEqual(signatures(fromUdp(53, bytes(...header, ...question(1)))), ["DNS_RESPONSE"]);
    const query = bytes(0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, ...question(255));
    assert.deepEqual(signatures(fromUdp(53, query)), []);
  });

  it("recognises NTP mode-7 monlist responses and ordinary NTP replies", () => {
    assert.deepEqual(signatures(fromUdp(123, bytes(0xd7, 0, 3, 42, 0, 6, 0, 72))), [
      "NTP_MONLIST_RESPONSE",
      "NTP_RESPONSE",
    ]);
    assert.deepEqual(signatures(fromUdp(123, bytes(0x24, 2, 6, 0xec, ...new Uint8Array(44)))), [
      "NTP_RESPONSE",
    ]);
    assert.deepEqual(signatures(fromUdp(123, bytes(0x17, 0, 3, 42, 0, 0, 0, 0))), []); // the monlist request
  });

  it("recognises memcached VALUE responses, SSDP replies, CLDAP, chargen and SNMP responses", () => {
    const frame = bytes(0, 1, 0, 0, 0, 1, 0, 0);
    assert.deepEqual(signatures(fromUdp(11211, bytes(...frame, ...text("VALUE key 0 5\r\nhello")))), [
      "MEMCACHED_VALUE_RESPONSE",
    ]);
    assert.deepEqual(signatures(fromUdp(1900, text("HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\n"))), [
      "SSDP_REPLY",
    ]);
    assert.deepEqual(signatures(fromUdp(1900, text("NOTIFY * HTTP/1.1\r\n"))), []);
    assert.deepEqual(
      signatures(fromUdp(389, bytes(0x30, 0x84, 0, 0, 0, 20, 2, 1, 1, 0x64, 0x84, 0, 0, 0, 9))),
      ["CLDAP_RESPONSE"],
    );
    assert.deepEqual(signatures(fromUdp(19, text("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGH\r\n"))), [
      "CHARGEN_RESPONSE",
    ]);
    const snmp = bytes(
      0x30,
      0x1a,
      0x02,
      0x01,
      0x01,
      0x04,
      0x06,
      ...text("public"),
      0xa2,
      0x0d,
      0x02,
      0x01,
      1,
    );
    assert.deepEqual(signatures(fromUdp(161, snmp)), ["SNMP_RESPONSE"]);
    snmp[13] = 0xa0; // a GetRequest
    assert.deepEqual(signatures(fromUdp(161, snmp)), []);
  });

  it("recognises Mirai's SYN options, 512-byte ACK payload and GRE-wrapped UDP", () => {
    const options = bytes(2, 4, 0x05, 0x7a, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 6); // MSS 1402
    assert.deepEqual(
      signatures(ipv4({ src: "192.0.2.9", protocol: 6 }, tcp(1, 80, Flags.SYN, undefined, options))),
      ["MIRAI_SYN"],
    );
    const linux = bytes(2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 7); // MSS 1460, wscale 7
    assert.deepEqual(
      signatures(ipv4({ src: "192.0.2.9", protocol: 6 }, tcp(1, 80, Flags.SYN, undefined, linux))),
      [],
    );
    assert.deepEqual(
      signatures(ipv4({ src: "192.0.2.9", protocol: 6 }, tcp(1, 80, Flags.ACK, new Uint8Array(512)))),
      ["MIRAI_ACK"],
    );
    const inner = ipv4({ src: "10.0.0.1", protocol: 17 }, udp(1, 2, new Uint8Array(512)));
    assert.deepEqual(
      signatures(ipv4({ src: "192.0.2.9", protocol: 47 }, bytes(0, 0, 0x08, 0x00, ...inner))),
      ["MIRAI_GRE"],
    );
  });

  it("recognises HTTP requests", () => {
    const get = text("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n");
    assert.deepEqual(
      signatures(ipv4({ src: "192.0.2.9", protocol: 6 }, tcp(5555, 80, Flags.PSH | Flags.ACK, get))),
      ["HTTP_REQUEST"],
    );
    const response = text("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assert.deepEqual(
      signatures(ipv4({ src: "192.0.2.9", protocol: 6 }, tcp(80, 5555, Flags.PSH | Flags.ACK, response))),
      [],
    );
  });
});
