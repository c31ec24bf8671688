// The public form routes of a protected status page read no more of a body than their form can be: a
// larger one is refused before it is read whole, and without asking the API (LEVEE_API_URL points at
// nothing here: a call would answer "unavailable" or 502, not 413).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SUBSCRIBE_MAX_BYTES, POST as subscribe } from "../subscribe/route";
import { ACCESS_FORM_MAX_BYTES, POST as access } from "./route";

process.env.LEVEE_API_URL = "http://127.0.0.1:9";

const params = { params: Promise.resolve({ slug: "acme" }) };
/** A body that never ends; counts the chunks read. */
function endless() {
  const seen = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulled++;
      controller.enqueue(new Uint8Array(1024).fill(97));
    },
  });
  return { seen, body };
}
const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
  new Request(`http://localhost/s/acme/${path}`, {
    method: "POST",
    body,
    headers: { host: "localhost", ...headers },
    duplex: "half",
  } as RequestInit);

describe("status page form routes' body limit", () => {
  it("the password form's route refuses a body past its size, declared or streamed, unread", async () => {
    const declared = await access(
      post("access", "password=x", {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(ACCESS_FORM_MAX_BYTES + 1),
      }),
      params,
    );
    assert.equal(declared.status, 413);
    const { seen, body } = endless();
    const streamed = await access(
      post("access", body, { "content-type": "multipart/form-data; boundary=x" }),
      params,
    );
    assert.equal(streamed.status, 413);
    assert.ok(seen.pulled <= ACCESS_FORM_MAX_BYTES / 1024 + 2, `read ${seen.pulled} KiB`);
  });

  it("a form within the size is still read: an empty password is wrong, a given one goes to the API", async () => {
    const form = (fields: string) =>
      access(post("access", fields, { "content-type": "application/x-www-form-urlencoded" }), params);
    const empty = await form("password=&next=%2Fs%2Facme");
    assert.equal(empty.status, 303);
    assert.equal(empty.headers.get("location"), "/s/acme?access=wrong");
    const given = await form("password=open+sesame+1&next=%2Fs%2Facme");
    assert.equal(
      given.headers.get("location"),
      "/s/acme?access=unavailable",
      "the API (nothing here) was asked",
    );
  });

  it("the subscribe route refuses a body past its size, unread", async () => {
    const { seen, body } = endless();
    const answer = await subscribe(post("subscribe", body, { "content-type": "application/json" }), params);
    assert.equal(answer.status, 413);
    assert.ok(seen.pulled <= SUBSCRIBE_MAX_BYTES / 1024 + 2, `read ${seen.pulled} KiB`);
  });

  it("the subscribe route takes node names only as a short list of short strings", async () => {
    const json = (input: unknown) =>
      subscribe(
        post("subscribe", JSON.stringify({ variables: { input } }), { "content-type": "application/json" }),
        params,
      );
    for (const nodes of ["Edge Paris", [1], ["x".repeat(81)], Array.from({ length: 101 }, () => "a")])
      assert.equal(
        (await json({ email: "a@example.com", nodes })).status,
        400,
        JSON.stringify(nodes).slice(0, 40),
      );
    // Within the limits it goes to the API (nothing here: 502).
    assert.equal((await json({ email: "a@example.com", nodes: ["Edge Paris"] })).status, 502);
    // The largest a page can be asked for: 100 names of 80 characters, 3 bytes each in UTF-8 (a
    // page in Japanese), with the longest address.
    const names = Array.from({ length: 100 }, (_, i) => `${i}`.padStart(80, "東"));
    assert.equal((await json({ email: `${"a".repeat(308)}@example.com`, nodes: names })).status, 502);
  });
});
