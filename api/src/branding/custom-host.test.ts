import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ownHostsOf, parseCustomHost } from "./custom-host.ts";

const own = ownHostsOf(["https://levee.acme-ops.net", "http://localhost:3000"]);
const reason = (input: string) => {
  try {
    parseCustomHost(input, own);
    return "accepted";
  } catch (error) {
    return (error as { fieldErrors?: { message: string }[] }).fieldErrors?.[0]?.message ?? String(error);
  }
};

describe("custom domain hosts", () => {
  it("accepts host names in canonical form", () => {
    assert.equal(parseCustomHost("status.acme.com", own), "status.acme.com");
    assert.equal(parseCustomHost("  Status.ACME.com. ", own), "status.acme.com");
    assert.equal(parseCustomHost("a-b.c-d.co.uk", own), "a-b.c-d.co.uk");
  });

  it("turns IDNs into punycode", () => {
    assert.equal(parseCustomHost("status.bücher.de", own), "status.xn--bcher-kva.de");
    assert.equal(parseCustomHost("ÉTAT.exemple.fr", own), "xn--tat-9la.exemple.fr");
  });

  it("refuses addresses, URLs and bad characters", () => {
    for (const bad of ["192.0.2.1", "1.2.3.4", "::1", "[2001:db8::1]", "10.0.0.300", "0x7f.1"])
      assert.match(reason(bad), /IP address|bare host|valid host/, bad);
    for (const bad of ["https://acme.com", "acme.com:443", "acme.com/status", "a b.com", "user@acme.com"])
      assert.match(reason(bad), /bare host name/, bad);
    assert.match(reason("ac_me.com"), /valid host name|label/);
    assert.match(reason("-acme.com"), /label/);
    assert.match(reason("acme"), /two labels/);
    assert.match(reason(""), /empty/);
  });

  it("refuses names too long", () => {
    assert.match(reason(`${"a".repeat(64)}.com`), /label/);
    assert.match(reason(`${"abcdefghi.".repeat(26)}com`), /253/);
  });

  it("refuses reserved names and the deployment's own hosts", () => {
    for (const bad of [
      "localhost",
      "x.localhost",
      "printer.local",
      "db.internal",
      "a.test",
      "example.com",
      "www.example.org",
      "x.invalid",
      "1.0.0.127.in-addr.arpa",
    ])
      assert.match(reason(bad), /reserved|two labels/, bad);
    assert.match(reason("levee.acme-ops.net"), /own host/);
    assert.match(reason("evil.levee.acme-ops.net"), /own host/);
  });
});
