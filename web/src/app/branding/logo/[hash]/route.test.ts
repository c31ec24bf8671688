// /branding/logo/<sha256> asks the API as the visitor (X-Forwarded-For: the address web/server.ts decided),
// so a flood of hashes is the flooder's to the API's rate limits, not the web server's own address.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_SET_BY_SERVER } from "@/lib/http/client-address";
import { GET } from "./route";

describe("/branding/logo/<sha256>", () => {
  const seen: (string | undefined)[] = [];
  const api = createServer((req, res) => {
    seen.push(req.headers["x-forwarded-for"] as string | undefined);
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ data: { brandingLogo: null } }));
    });
  });
  const saved = { url: process.env.LEVEE_API_URL, set: process.env[CLIENT_ADDRESS_SET_BY_SERVER] };

  before(async () => {
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    process.env.LEVEE_API_URL = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    process.env[CLIENT_ADDRESS_SET_BY_SERVER] = "1";
  });
  after(() => {
    api.close();
    for (const [name, value] of [
      ["LEVEE_API_URL", saved.url],
      [CLIENT_ADDRESS_SET_BY_SERVER, saved.set],
    ] as const)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  });

  it("asks the API with the visitor's address, and answers an unknown hash 404", async () => {
    const hash = "a".repeat(64);
    const answer = await GET(
      new Request(`http://localhost/branding/logo/${hash}`, {
        headers: { [CLIENT_ADDRESS_HEADER]: "203.0.113.7" },
      }),
      { params: Promise.resolve({ hash }) },
    );
    assert.equal(answer.status, 404);
    assert.deepEqual(seen, ["203.0.113.7"]);
  });
});
