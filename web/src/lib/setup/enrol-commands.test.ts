import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { enrolCommands, isLoopbackUrl } from "./enrol-commands";

describe("the enrolment commands", () => {
  it("say when the dashboard's address is this machine's loopback, which another server cannot use", () => {
    for (const url of [
      "http://localhost:3000",
      "http://127.0.0.1:3200",
      "http://[::1]:3000",
      "http://app.localhost",
    ])
      assert.equal(isLoopbackUrl(url), true, url);
    for (const url of ["https://levee.example", "http://10.0.0.5:3000", "http://localhost.example.com"])
      assert.equal(isLoopbackUrl(url), false, url);
    const local = enrolCommands("http://localhost:3000", "lve_x");
    assert.match(local, /# http:\/\/localhost:3000 is this machine as your browser reaches it/);
    assert.ok(local.includes("enroll --api http://localhost:3000 --token lve_x"));
    const remote = enrolCommands("https://levee.example", "lve_x");
    assert.doesNotMatch(remote, /browser reaches it/);
    assert.ok(remote.includes("enroll --api https://levee.example --token lve_x"));
  });

  it("name --name for a server whose host name a node already has", () => {
    assert.match(enrolCommands("https://levee.example", "lve_x"), /--name NODE/);
  });
});
