import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feedLinks, feedTokenOf } from "./feed-link";

const token = "A".repeat(40) + "-_9";

describe("feed link", () => {
  it("reads a well-formed token from the query, on /s/<slug> and on a custom domain alike", () => {
    assert.equal(feedTokenOf(`http://localhost/s/acme/feed.atom?token=${token}`), token);
    assert.equal(feedTokenOf(`https://status.acme.test/status.json?x=1&token=${token}`), token);
  });

  it("takes anything else for no token", () => {
    assert.equal(feedTokenOf("http://localhost/s/acme/feed.atom"), undefined);
    assert.equal(feedTokenOf("http://localhost/s/acme/feed.atom?token="), undefined);
    assert.equal(feedTokenOf(`http://localhost/s/acme/feed.atom?token=${token}x`), undefined);
    assert.equal(feedTokenOf("http://localhost/s/acme/feed.atom?token=a%20b"), undefined);
  });

  it("builds both links under the page's address", () => {
    assert.deepEqual(feedLinks("https://levee.example/s/acme/", token), {
      json: `https://levee.example/s/acme/status.json?token=${token}`,
      atom: `https://levee.example/s/acme/feed.atom?token=${token}`,
    });
    assert.equal(
      feedLinks("https://status.acme.test", token).atom,
      `https://status.acme.test/feed.atom?token=${token}`,
    );
  });
});
