import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("defaults to the embedded engine with no environment", () => {
    const config = loadConfig({});
    assert.equal(config.port, 4000);
    assert.equal(config.database.kind, "pglite");
    assert.equal(config.redisUrl, undefined);
  });

  it("uses PostgreSQL and Redis when their URLs are set", () => {
    const config = loadConfig({ DATABASE_URL: "postgresql://u@db:5432/levee", REDIS_URL: "redis://r:6379" });
    assert.deepEqual(config.database, {
      kind: "postgres",
      url: "postgresql://u@db:5432/levee",
      poolSize: 10,
      heavyConnections: 2,
    });
    assert.equal(config.redisUrl, "redis://r:6379");
  });

  it("runs more than one API thread only with PostgreSQL and Redis", () => {
    assert.equal(loadConfig({}).threads, 1);
    assert.throws(
      () => loadConfig({ API_THREADS: "2" }),
      /API_THREADS: 2 threads need DATABASE_URL and REDIS_URL/,
    );
    assert.throws(
      () => loadConfig({ API_THREADS: "2", DATABASE_URL: "postgresql://u@db:5432/levee" }),
      ConfigError,
    );
    const urls = { DATABASE_URL: "postgresql://u@db:5432/levee", REDIS_URL: "redis://r:6379" };
    assert.equal(loadConfig({ ...urls, API_THREADS: "2" }).threads, 2);
    assert.throws(() => loadConfig({ ...urls, API_THREADS: "0" }), ConfigError);
  });

  it("lists every bad value in one error", () => {
    const error = (() => {
      try {
        loadConfig({
          PORT: "99999",
          DATABASE_URL: "mysql://x/y",
          LOG_LEVEL: "loud",
          SESSION_TTL_HOURS: "-1",
        });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof ConfigError);
    const keys = error.problems.map((p) => p.split(":")[0]).sort();
    assert.deepEqual(keys, ["DATABASE_URL", "LOG_LEVEL", "PORT", "SESSION_TTL_HOURS"]);
    assert.match(error.message, /must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it("reads TRUST_PROXY as a boolean or a list of proxy addresses", () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: "true" }).trustProxy, true);
    assert.deepEqual(loadConfig({ TRUST_PROXY: "127.0.0.1, ::1" }).trustProxy, ["127.0.0.1", "::1"]);
    assert.throws(() => loadConfig({ TRUST_PROXY: "yes" }), /TRUST_PROXY/);
    assert.throws(() => loadConfig({ TRUST_PROXY: "10.0.0.1,proxy.local" }), /TRUST_PROXY/);
  });

  it("allows the web app's origin by default and validates ALLOWED_ORIGINS", () => {
    assert.deepEqual(loadConfig({}).allowedOrigins, ["http://localhost:3000", "http://127.0.0.1:3000"]);
    assert.deepEqual(loadConfig({ ALLOWED_ORIGINS: "https://levee.example.com" }).allowedOrigins, [
      "https://levee.example.com",
    ]);
    assert.throws(() => loadConfig({ ALLOWED_ORIGINS: "https://levee.example.com/app" }), /ALLOWED_ORIGINS/);
  });

  it("turns GraphiQL off by default in production", () => {
    assert.equal(loadConfig({}).graphql.graphiql, true);
    assert.equal(loadConfig({ NODE_ENV: "production" }).graphql.graphiql, false);
    assert.equal(loadConfig({ NODE_ENV: "production", GRAPHIQL: "true" }).graphql.graphiql, true);
  });

  it("reads a workspace's share of the platform-wide announcement window: 50 % by default, 1 to 100", () => {
    assert.equal(loadConfig({}).networkMitigation.globalWorkspaceSharePercent, 50);
    const all = loadConfig({ NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE: "100" });
    assert.equal(all.networkMitigation.globalWorkspaceSharePercent, 100);
    for (const bad of ["0", "101", "33.3", "half"])
      assert.throws(
        () => loadConfig({ NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE: bad }),
        /NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE/,
      );
  });

  it("closes a silent node's incident no sooner than a minute: lastSeenAt is written every 30 s at most", () => {
    assert.equal(loadConfig({}).incidentStaleAfterMs, 600_000);
    assert.equal(loadConfig({ INCIDENT_STALE_AFTER_SECONDS: "60" }).incidentStaleAfterMs, 60_000);
    // A live agent's node can show a lastSeenAt 30 s old: a shorter window would close (and the
    // next report reopen) the incidents of nodes that never went silent.
    assert.throws(
      () => loadConfig({ INCIDENT_STALE_AFTER_SECONDS: "20" }),
      /INCIDENT_STALE_AFTER_SECONDS: must be at least 60/,
    );
  });

  it("treats empty variables as unset", () => {
    assert.equal(loadConfig({ DATABASE_URL: "" }).database.kind, "pglite");
  });

  it("reads the secret key (hex or base64), previous keys, and the embedded key file", () => {
    const hex = "ab".repeat(32);
    const base64 = Buffer.alloc(32, 7).toString("base64");
    const config = loadConfig({ LEVEE_SECRET_KEY: hex, LEVEE_SECRET_KEYS_PREVIOUS: `${base64}, ${hex}` });
    assert.equal(config.secrets.key?.toString("hex"), hex);
    assert.equal(config.secrets.previous.length, 2);
    assert.match(config.secrets.keyFile ?? "", /-secret\.key$/);
    assert.equal(loadConfig({ DATABASE_URL: "postgres://localhost/x" }).secrets.keyFile, undefined);
    assert.equal(loadConfig({ LEVEE_DATA_DIR: "memory://" }).secrets.keyFile, undefined);
    assert.throws(() => loadConfig({ LEVEE_SECRET_KEY: "short" }), /LEVEE_SECRET_KEY: must be 32 bytes/);
    assert.throws(
      () => loadConfig({ LEVEE_SECRET_KEYS_PREVIOUS: `${hex},nope` }),
      /LEVEE_SECRET_KEYS_PREVIOUS/,
    );
  });
});
