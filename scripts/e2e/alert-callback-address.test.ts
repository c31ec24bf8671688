// An acknowledgement callback that reaches the API through the web origin is audited with the caller's
// address, not the web server's: a real API (TRUST_PROXY = the web server's address) behind a loopback web
// server that does per request what web/server.ts does (the caller's address into x-levee-client-address,
// from the socket) and then what the route app/hooks/alerts/[channel]/[provider]/route.ts does
// (forwardCallback). The caller connects from 127.0.0.2, the web server from 127.0.0.1.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Receivers } from "../../api/test/alert-receivers.ts";
import { createEnrollmentToken, enrollAgent, mutateOk, rawId } from "../../api/test/fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "../../api/test/harness.ts";
import { report, sample } from "../../api/test/telemetry-client.ts";

/** The web modules the route and server.ts use; loaded at run time (they are built for Next's resolver). */
interface WebModules {
  forwardCallback(
    request: Request,
    apiBase: string,
    channel: string,
    provider: string,
    env: Record<string, string | undefined>,
  ): Promise<Response>;
  clientAddressOf(
    peer: string | undefined,
    forwardedFor: string | string[] | undefined,
    trust: boolean,
  ): string;
  CLIENT_ADDRESS_HEADER: string;
}
const webModule = (path: string) => new URL(`../../web/src/lib/${path}`, import.meta.url).href;

const SLACK_SECRET = "7a1f3c5e9b2d4f6a8c0e1b3d5f7a9c2e";
const CALLER = "127.0.0.2";
const receivers = new Receivers();
const env: Record<string, string> = {};
before(async () => {
  await receivers.start();
  Object.assign(env, {
    ALERTS_ALLOW_PRIVATE_TARGETS: "true",
    // The web server (below) is this API's only trusted proxy.
    TRUST_PROXY: "127.0.0.1",
    // Slack's response_url: only this loopback receiver (nothing leaves the machine).
    ALERTS_SLACK_RESPONSE_HOSTS: receivers.base.replace("http://", ""),
  });
});
after(() => receivers.close());

/** A Slack Acknowledge click on the incident, signed as Slack signs it. */
function slackClick(incidentId: string) {
  const body = `payload=${encodeURIComponent(
    JSON.stringify({
      type: "block_actions",
      user: { id: "U024BE7LH", name: "sam" },
      actions: [{ action_id: "levee_acknowledge", value: incidentId, type: "button" }],
      response_url: `${receivers.base}/actions/T0/1/address`,
    }),
  )}`;
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", SLACK_SECRET).update(`v0:${ts}:${body}`).digest("hex")}`;
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signature,
      // What a client may claim; never believed.
      "x-forwarded-for": "203.0.113.66",
    },
  };
}

/** POSTs from 127.0.0.2 (the provider, as the servers see it). */
function postFromCaller(url: string, body: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers, localAddress: CALLER }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("alert callbacks through the web origin: the audit entry has the caller's address", () => {
  const api = useTestApi("postgres", env);
  let apiBase: string;
  let web: Server;
  let webBase: string;
  let owner: Caller;
  let channelId: string;
  const incidents: string[] = [];

  before(async () => {
    const { forwardCallback } = (await import(webModule("alerts/callback-forward.ts"))) as WebModules;
    const { clientAddressOf, CLIENT_ADDRESS_HEADER } = (await import(
      webModule("http/client-address.ts")
    )) as WebModules;
    apiBase = `http://127.0.0.1:${(await api.server.listen(0, "127.0.0.1")).port}`;
    web = createServer(async (req, res) => {
      // web/server.ts: the caller's address from the socket (no proxy in front: WEB_TRUST_PROXY unset).
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(
        req.socket.remoteAddress,
        req.headers["x-forwarded-for"],
        false,
      );
      const [, , , channel, provider] = (req.url ?? "").split("?")[0]?.split("/") ?? [];
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      const request = new Request(`${webBase}${req.url}`, {
        method: "POST",
        headers,
        body: new Uint8Array(await readBody(req)),
      });
      // The route, as server.ts runs it (LEVEE_WEB_CLIENT_ADDRESS_SET).
      const answer = await forwardCallback(request, apiBase, channel ?? "", provider ?? "", {
        LEVEE_WEB_CLIENT_ADDRESS_SET: "1",
      });
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(await answer.text());
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    webBase = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;

    owner = await api.signup("address-owner@example.com", "Owner");
    const workspaceId = await createWorkspace(api, owner, "callback-address");
    const payload = await mutateOk(
      api,
      owner,
      "createAlertChannel",
      {
        workspaceId,
        kind: "SLACK",
        name: "slack",
        settings: { url: `${receivers.base}/slack/address`, callbackSecret: SLACK_SECRET },
      },
      "... on AlertChannelPayload { channel { id } }",
    );
    channelId = rawId(payload.channel.id as string);
    for (const host of ["edge-a", "edge-b", "edge-c"]) {
      const token = await createEnrollmentToken(api, owner, workspaceId);
      const agent = { token: (await enrollAgent(api, token, host)).token };
      const reported = await report(api, agent, [sample(Date.now() - 60_000, 60_000)]);
      incidents.push(rawId(reported.detection.incidentId as string));
    }
  });
  after(() => new Promise<void>((resolve) => web.close(() => resolve())));

  const auditAddress = async (incidentId: string) => {
    const entries = await api.server.services.database.prisma.auditLog.findMany({
      where: { action: "incident.acknowledge", targetId: incidentId },
    });
    assert.equal(entries.length, 1);
    return entries[0]?.ip;
  };
  const path = () => `/hooks/alerts/${channelId}/slack`;

  it("through the web app: the caller's address (the web server is a trusted proxy), not its own", async () => {
    const click = slackClick(incidents[0] as string);
    assert.equal(await postFromCaller(`${webBase}${path()}`, click.body, click.headers), 200);
    // The caller's own X-Forwarded-For (203.0.113.66) did not cross.
    assert.equal(await auditAddress(incidents[0] as string), CALLER);
  });

  it("straight to the API: a caller that is no trusted proxy cannot name an address", async () => {
    const click = slackClick(incidents[1] as string);
    assert.equal(await postFromCaller(`${apiBase}${path()}`, click.body, click.headers), 200);
    assert.equal(await auditAddress(incidents[1] as string), CALLER);
  });

  it("an API that trusts no proxy records the web server's address", async () => {
    const config = api.server.services.config;
    const trusted = config.trustProxy;
    config.trustProxy = false;
    try {
      const click = slackClick(incidents[2] as string);
      assert.equal(await postFromCaller(`${webBase}${path()}`, click.body, click.headers), 200);
      assert.equal(await auditAddress(incidents[2] as string), "127.0.0.1");
    } finally {
      config.trustProxy = trusted;
    }
  });
});
