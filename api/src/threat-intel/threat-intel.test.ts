import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { describeSources } from "./source-intel.ts";
import { threatIntelFrom, threatIntelIfLoaded } from "./threat-intel.service.ts";
import { loadThreatIntel } from "./threat-intel.ts";

const SHIPPED = join(import.meta.dirname, "..", "..", "..", "threat-intel");
let dir = "";

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "levee-intel-"));
  await mkdir(join(dir, "reputation"));
  await mkdir(join(dir, "geo"));
  await writeFile(
    join(dir, "reputation", "drop.txt"),
    "# name: spamhaus-drop\n# category: hijacked\n1.10.16.0/20 ; SBL256894\nnot-an-ip\n",
  );
  await writeFile(join(dir, "reputation", "extra.netset"), "1.10.16.5\n2001:db8:bad::/48\n");
  await writeFile(join(dir, "reputation", "ignored.csv"), "9.9.9.9\n");
  await writeFile(join(dir, "geo", "country-ipv4.csv"), "1.10.16.0,1.10.31.255,KR\n16777216,16777471,AU\n");
  await writeFile(join(dir, "geo", "asn-ipv4.csv"), '1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."\n');
  await writeFile(
    join(dir, "geo", "asn-ipv6.csv"),
    "2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64500,Example Net\n",
  );
});
after(async () => rm(dir, { recursive: true, force: true }));

describe("loadThreatIntel", () => {
  it("answers reputation from every feed that lists an address, with list names and categories", async () => {
    const intel = await loadThreatIntel(dir);
    assert.deepEqual(intel.reputation("1.10.16.5"), {
      knownBad: true,
      lists: [
        { list: "spamhaus-drop", category: "hijacked" },
        { list: "extra", category: "malicious" },
      ],
    });
    assert.deepEqual(intel.reputation("2001:db8:bad:1::9").lists, [{ list: "extra", category: "malicious" }]);
    assert.deepEqual(intel.reputation("9.9.9.9"), { knownBad: false, lists: [] });
    assert.deepEqual(intel.reputation("garbage"), { knownBad: false, lists: [] });
    assert.deepEqual(
      intel.feeds.map((f) => [f.name, f.entries, f.invalidLines]),
      [
        ["spamhaus-drop", 1, 1],
        ["extra", 2, 0],
      ],
    );
  });

  it("answers country and AS from geo/ CSVs, numeric or textual, quoted or not", async () => {
    const intel = await loadThreatIntel(dir);
    assert.equal(intel.geoSource, join(dir, "geo"));
    assert.deepEqual(intel.geo("1.0.0.1"), { country: "AU", asn: 13335, asOrg: "Cloudflare, Inc." });
    assert.deepEqual(intel.geo("1.10.20.1"), { country: "KR", asn: null, asOrg: null });
    assert.deepEqual(intel.geo("2001:db8::1"), { country: null, asn: 64500, asOrg: "Example Net" });
    assert.equal(intel.geo("8.8.8.8"), null);
    assert.deepEqual(describeSources(intel, [{ ip: "1.10.16.5" }])[0], {
      ip: "1.10.16.5",
      country: "KR",
      asn: null,
      asOrg: null,
      knownBad: true,
      lists: [
        { list: "spamhaus-drop", category: "hijacked" },
        { list: "extra", category: "malicious" },
      ],
    });
  });

  it("loads the shipped sample feeds and, without geo/, the @ip-location-db package data", async () => {
    const intel = await loadThreatIntel(SHIPPED);
    assert.deepEqual(intel.reputation("203.0.113.15").lists, [{ list: "sample-botnet", category: "botnet" }]);
    assert.deepEqual(intel.reputation("192.0.2.130").lists, [
      { list: "sample-scanners", category: "scanner" },
    ]);
    assert.equal(intel.geoSource, "@ip-location-db packages");
    assert.deepEqual(intel.geo("1.1.1.1"), { country: "AU", asn: 13335, asOrg: "Cloudflare, Inc." });
    assert.equal(intel.geo("8.8.8.8")?.asn, 15169);
    assert.equal(intel.geo("2001:4860:4860::8888")?.asn, 15169);
    assert.equal(intel.geo("10.1.2.3"), null);
    const none = await loadThreatIntel(join(dir, "missing"), { packageGeo: false });
    assert.equal(none.geo("1.1.1.1"), null);
    assert.equal(none.geoSource, null);
  });
});

describe("threatIntelIfLoaded", () => {
  it("never waits: undefined while the load runs (and starts it), the loaded intelligence after", async () => {
    assert.equal(threatIntelIfLoaded(dir), undefined);
    const loading = threatIntelFrom(dir);
    const intel = await loading;
    assert.equal(threatIntelIfLoaded(dir), intel);
    assert.equal(intel.reputation("1.10.16.5").knownBad, true);
  });
});
