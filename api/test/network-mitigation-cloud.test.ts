import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { CloudflareMagicTransit } from "../src/mitigation/network/cloud/cloudflare-provider.ts";
import { HetznerRobot } from "../src/mitigation/network/cloud/hetzner-provider.ts";
import { OvhProvider } from "../src/mitigation/network/cloud/ovh-provider.ts";
import { SignedWebhook } from "../src/mitigation/network/cloud/webhook-provider.ts";
import { validIntent } from "../src/mitigation/network/intent.ts";

const retry = { attempts: 3, backoffMs: 5, timeoutMs: 2000 };
const canonical = validIntent;
const scrub = canonical({ kind: "SCRUBBING", prefix: "203.0.113.0/24" });
const dns = canonical({
  kind: "FLOWSPEC",
  match: { destination: "203.0.113.5", protocols: [17], sourcePorts: [{ from: 53, to: 53 }] },
  rateBytesPerSecond: 0,
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}
type Handler = (req: Seen, res: ServerResponse) => void;

/** A loopback HTTP server standing in for a provider: records every request, answers with `handler`. */
function provider(handler: Handler) {
  const seen: Seen[] = [];
  let server: Server;
  const state = {
    seen,
    url: "",
    async start() {
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          const entry = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
          seen.push(entry);
          handler(entry, res);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return state;
}
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

describe("Cloudflare Magic Transit (on-demand advertisement)", () => {
  let patches = 0;
  const cf = provider((req, res) => {
    if (req.headers.authorization !== "Bearer cf-token")
      return json(res, 403, {
        success: false,
        errors: [{ code: 10000, message: "Authentication error" }],
        messages: [],
        result: null,
      });
    if (req.method === "GET" && req.url === "/client/v4/accounts/acc1/addressing/prefixes")
      return json(res, 200, {
        success: true,
        errors: [],
        messages: [],
        result: [{ id: "pfx9", cidr: "203.0.113.0/24" }],
      });
    if (
      req.method === "PATCH" &&
      req.url === "/client/v4/accounts/acc1/addressing/prefixes/pfx9/bgp/status"
    ) {
      assert.equal(req.headers["content-type"], "application/json");
      const { advertised } = JSON.parse(req.body);
      assert.equal(typeof advertised, "boolean");
      // The first call meets a 503: the adapter must retry.
      if (++patches === 1) return json(res, 503, { success: false, errors: [{ code: 1, message: "busy" }] });
      return json(res, 200, {
        success: true,
        errors: [],
        messages: [],
        result: { advertised, advertised_modified_at: new Date().toISOString() },
      });
    }
    json(res, 404, { success: false, errors: [{ code: 7003, message: "No route" }] });
  });
  before(() => cf.start());
  after(() => cf.stop());

  it("advertises and withdraws the prefix, retrying a 503, with the token redacted from the kept request", async () => {
    const adapter = new CloudflareMagicTransit({
      accountId: "acc1",
      apiToken: "cf-token",
      baseUrl: `${cf.url}/client/v4`,
      retry,
    });
    assert.equal(adapter.supports(scrub), true);
    assert.equal(adapter.supports(dns), false);
    const on = await adapter.apply(scrub);
    assert.deepEqual(JSON.parse(String(on.request.body)), { advertised: true });
    assert.equal((on.request.headers as Record<string, string>).authorization, "Bearer [redacted]");
    assert.ok(!JSON.stringify(on.request).includes("cf-token"));
    const off = await adapter.remove(scrub);
    assert.deepEqual(JSON.parse(String(off.request.body)), { advertised: false });
    assert.equal(cf.seen.filter((r) => r.method === "PATCH").length, 3, "one retry, then one call each");
    assert.equal(cf.seen.filter((r) => r.method === "GET").length, 1, "prefix id looked up once");
  });

  it("a refused token is an error at once (no retries), naming Cloudflare's message", async () => {
    const before = cf.seen.length;
    const adapter = new CloudflareMagicTransit({
      accountId: "acc1",
      apiToken: "wrong",
      baseUrl: `${cf.url}/client/v4`,
      retry,
    });
    await assert.rejects(adapter.apply(scrub), /refused the request \(403: Authentication error\)/);
    assert.equal(cf.seen.length - before, 1);
    const unknown = new CloudflareMagicTransit({
      accountId: "acc1",
      apiToken: "cf-token",
      baseUrl: `${cf.url}/client/v4`,
      retry,
    });
    await assert.rejects(
      unknown.apply(canonical({ kind: "SCRUBBING", prefix: "198.51.100.0/24" })),
      /not a BYOIP prefix/,
    );
  });
});

describe("OVH (mitigation and edge firewall, signed requests)", () => {
  const firewall = new Map<number, Record<string, unknown>>([
    [0, { sequence: 0, action: "permit", protocol: "tcp", destinationPort: 22 }],
  ]);
  let throttled = 0;
  const ovh = provider((req, res) => {
    if (req.url === "/1.0/auth/time") return json(res, 200, Math.floor(Date.now() / 1000));
    const {
      "x-ovh-application": ak,
      "x-ovh-consumer": ck,
      "x-ovh-timestamp": ts,
      "x-ovh-signature": sig,
    } = req.headers;
    const expected = `$1$${createHash("sha1")
      .update(["secret-as", "ck-1", req.method, `${ovh.url}${req.url}`, req.body, ts].join("+"))
      .digest("hex")}`;
    if (ak !== "ak-1" || ck !== "ck-1" || sig !== expected)
      return json(res, 400, { message: "Invalid signature" });
    const block = "/1.0/ip/203.0.113.0%2F24";
    if (req.method === "POST" && req.url === `${block}/mitigation`) {
      if (++throttled <= 2) return json(res, 429, { message: "Too many requests" }, { "retry-after": "0" });
      assert.deepEqual(JSON.parse(req.body), { ipOnMitigation: "203.0.113.0" });
      return json(res, 200, { ipOnMitigation: "203.0.113.0", permanent: true, state: "creationPending" });
    }
    if (req.method === "DELETE" && req.url === `${block}/mitigation/203.0.113.0`) return json(res, 200, null);
    const rules = `${block}/firewall/203.0.113.5/rule`;
    if (req.method === "GET" && req.url === rules) return json(res, 200, [...firewall.keys()]);
    if (req.method === "POST" && req.url === rules) {
      const rule = JSON.parse(req.body);
      assert.equal(rule.action, "deny");
      firewall.set(rule.sequence, rule);
      return json(res, 200, { ...rule, state: "creationPending" });
    }
    const one = /\/rule\/(\d+)$/.exec(req.url);
    if (one && req.method === "GET") return json(res, 200, firewall.get(Number(one[1])));
    if (one && req.method === "DELETE") return json(res, 200, void firewall.delete(Number(one[1])));
    json(res, 404, { message: "Got an invalid (or empty) URL" });
  });
  before(() => ovh.start());
  after(() => ovh.stop());
  const adapter = () =>
    new OvhProvider({
      applicationKey: "ak-1",
      applicationSecret: "secret-as",
      consumerKey: "ck-1",
      ipBlock: "203.0.113.0/24",
      baseUrl: `${ovh.url}/1.0`,
      retry,
    });

  it("turns permanent mitigation on (through two 429s) and off, every call signed", async () => {
    const on = await adapter().apply(scrub);
    assert.equal(throttled, 3);
    assert.equal((on.request.headers as Record<string, string>)["x-ovh-signature"], "[redacted]");
    await adapter().remove(scrub);
  });

  it("adds a FlowSpec discard as an edge firewall rule in the first free sequence and removes exactly it", async () => {
    const ovhAdapter = adapter();
    assert.equal(ovhAdapter.supports(dns), true);
    await ovhAdapter.apply(dns);
    assert.deepEqual(firewall.get(1), { action: "deny", sequence: 1, protocol: "udp", sourcePort: 53 });
    await ovhAdapter.remove(dns);
    assert.deepEqual([...firewall.keys()], [0], "the operator's own rule stays");
    assert.equal(
      ovhAdapter.supports(
        canonical({
          kind: "FLOWSPEC",
          match: { destination: "203.0.113.5", packetLengths: [{ from: 1, to: 2 }] },
          rateBytesPerSecond: 0,
        }),
      ),
      false,
    );
  });

  it("a wrong secret is refused with OVH's message", async () => {
    const bad = new OvhProvider({
      applicationKey: "ak-1",
      applicationSecret: "nope",
      consumerKey: "ck-1",
      ipBlock: "203.0.113.0/24",
      baseUrl: `${ovh.url}/1.0`,
      retry,
    });
    await assert.rejects(bad.remove(scrub), /400: Invalid signature/);
  });
});

describe("Hetzner Robot firewall", () => {
  let stored: {
    rules: { input: Record<string, string>[]; output: Record<string, string>[] };
    [k: string]: unknown;
  } = {
    server_ip: "203.0.113.5",
    server_number: 321,
    status: "active",
    whitelist_hos: true,
    port: "main",
    rules: {
      input: [{ name: "ssh", ip_version: "ipv4", dst_port: "22", protocol: "tcp", action: "accept" }],
      output: [{ name: "all", action: "accept" }],
    },
  };
  let posts = 0;
  const robot = provider((req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from("robot-user:robot-pass").toString("base64")}`)
      return json(res, 401, { error: { status: 401, code: "UNAUTHORIZED", message: "Unauthorized" } });
    if (req.method === "GET" && req.url === "/firewall/321") return json(res, 200, { firewall: stored });
    if (req.method === "POST" && req.url === "/firewall/321") {
      assert.equal(req.headers["content-type"], "application/x-www-form-urlencoded");
      if (++posts === 1)
        return json(res, 503, { error: { status: 503, code: "BUSY", message: "try again" } });
      const form = new URLSearchParams(req.body);
      const input: Record<string, string>[] = [];
      const output: Record<string, string>[] = [];
      for (const [key, value] of form) {
        const m = /^rules\[(input|output)\]\[(\d+)\]\[(\w+)\]$/.exec(key);
        if (!m) continue;
        const list = m[1] === "input" ? input : output;
        list[Number(m[2])] = { ...list[Number(m[2])], [m[3] as string]: value };
      }
      assert.equal(form.get("status"), "active");
      stored = { ...stored, whitelist_hos: form.get("whitelist_hos") === "true", rules: { input, output } };
      return json(res, 200, { firewall: { ...stored, status: "in process" } });
    }
    json(res, 404, { error: { status: 404, code: "NOT_FOUND", message: "Not found" } });
  });
  before(() => robot.start());
  after(() => robot.stop());

  it("puts Levee's discard rule first, keeps the operator's rules, then takes it out again", async () => {
    const adapter = new HetznerRobot({
      user: "robot-user",
      password: "robot-pass",
      servers: { "203.0.113.5": 321 },
      baseUrl: robot.url,
      retry,
    });
    const call = await adapter.apply(dns);
    assert.deepEqual(stored.rules.input, [
      {
        name: "levee 203.0.113.5/32",
        ip_version: "ipv4",
        dst_ip: "203.0.113.5/32",
        action: "discard",
        protocol: "udp",
        src_port: "53",
      },
      { name: "ssh", ip_version: "ipv4", dst_port: "22", protocol: "tcp", action: "accept" },
    ]);
    assert.deepEqual(stored.rules.output, [{ name: "all", action: "accept" }]);
    assert.equal((call.request.headers as Record<string, string>).authorization, "Basic [redacted]");
    await adapter.remove(dns);
    assert.deepEqual(
      stored.rules.input.map((r) => r.name),
      ["ssh"],
    );
    assert.equal(
      adapter.supports(
        canonical({ kind: "FLOWSPEC", match: { destination: "203.0.113.9" }, rateBytesPerSecond: 0 }),
      ),
      false,
      "no server",
    );
  });

  it("wrong credentials are refused", async () => {
    const adapter = new HetznerRobot({
      user: "robot-user",
      password: "x",
      servers: { "203.0.113.5": 321 },
      baseUrl: robot.url,
      retry,
    });
    await assert.rejects(adapter.apply(dns), /401: Unauthorized/);
  });
});

describe("signed webhook", () => {
  let failures = 1;
  const hook = provider((req, res) => {
    const ts = String(req.headers["x-levee-timestamp"]);
    const expected = `sha256=${createHmac("sha256", "hook-secret").update(`${ts}.${req.body}`).digest("hex")}`;
    if (req.headers["x-levee-signature"] !== expected) return json(res, 401, { error: "bad signature" });
    if (failures-- > 0) return json(res, 500, { error: "down" });
    res.writeHead(204).end();
  });
  before(() => hook.start());
  after(() => hook.stop());

  it("posts signed JSON for every change and retries a 500", async () => {
    const adapter = new SignedWebhook({ url: `${hook.url}/levee`, secret: "hook-secret", retry });
    await adapter.apply(dns);
    const last = JSON.parse(hook.seen.at(-1)?.body ?? "{}");
    assert.equal(last.event, "mitigation.apply");
    assert.equal(last.level, "DISCARD");
    assert.deepEqual(last.intent, dns);
    assert.equal(hook.seen.length, 2);
    await assert.rejects(
      new SignedWebhook({ url: `${hook.url}/levee`, secret: "other", retry }).remove(dns),
      /401/,
    );
  });

  it("an unreachable receiver fails after the retries with a clear error", async () => {
    const adapter = new SignedWebhook({ url: "http://127.0.0.1:9/levee", secret: "s", retry });
    await assert.rejects(adapter.apply(dns), /failed after 3 attempts \(last: unreachable/);
  });
});
