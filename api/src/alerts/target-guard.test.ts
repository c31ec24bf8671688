import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkTargetUrl, isPrivateAddress } from "./target-guard.ts";

describe("target guard", () => {
  it("classifies loopback, private, link-local, metadata and mapped addresses", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "192.0.2.2",
      "198.51.100.7",
      "203.0.113.9",
      "64:ff9b::7f00:1",
      "64:ff9b::10.0.0.1",
      "2002:7f00:1::1",
      "2002:c0a8:101::",
      "::127.0.0.1",
      "64:ff9b:1::8.8.8.8",
      "2001:db8::1",
      "::ffff:0:7f00:1",
      "2001:2::1",
      "fec0::1",
      "3fff::1",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2",
      "not-an-ip",
    ])
      assert.equal(isPrivateAddress(address), true, address);
    for (const address of [
      "8.8.8.8",
      "1.1.1.1",
      "2606:4700:4700::1111",
      "::ffff:8.8.8.8",
      "172.32.0.1",
      // NAT64 and 6to4 of public addresses: how an IPv6-only network reaches them.
      "64:ff9b::808:808",
      "2002:808:808::1",
      "::ffff:0:808:808",
    ])
      assert.equal(isPrivateAddress(address), false, address);
  });

  it("refuses bad URLs and private literal hosts unless allowed", async () => {
    assert.equal(await checkTargetUrl("not a url", false), "is not a valid URL");
    assert.equal(await checkTargetUrl("ftp://example.com/x", false), "must be an https:// URL");
    assert.equal(await checkTargetUrl("http://8.8.8.8/x", false), "must be an https:// URL");
    assert.match((await checkTargetUrl("https://127.0.0.1/x", false)) ?? "", /loopback/);
    assert.match((await checkTargetUrl("https://[::1]/x", false)) ?? "", /loopback/);
    assert.match((await checkTargetUrl("https://169.254.169.254/latest", false)) ?? "", /metadata/);
    assert.match((await checkTargetUrl("https://localhost/x", false)) ?? "", /loopback|resolve/);
    assert.equal(
      await checkTargetUrl("https://user:pw@8.8.8.8/", false),
      "must not carry a user name or password",
    );
    assert.equal(await checkTargetUrl("https://8.8.8.8/hook", false), undefined);
    assert.equal(await checkTargetUrl("http://127.0.0.1:9/hook", true), undefined);
  });
});
