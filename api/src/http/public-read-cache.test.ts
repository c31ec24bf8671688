import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSchema, createYoga } from "graphql-yoga";
import { PublicReadCache } from "./public-read-cache.ts";

/**
 * A yoga with a shared field (`page`, counted each time it is computed) and another, and the cache
 * in front; `gate` holds each computation until it settles.
 */
function yogaWithCache(options: { failFirst?: boolean; gate?: Promise<void> } = {}) {
  const computed = { page: 0 };
  let clock = 1_000;
  const cache = new PublicReadCache(1_000, () => clock);
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { page(slug: String!, lang: String = "en"): String  secret: String }',
      resolvers: {
        Query: {
          page: async (_root: unknown, { slug, lang }: { slug: string; lang: string | null }) => {
            computed.page++;
            await options.gate;
            if (options.failFirst && computed.page === 1) throw new Error("database away");
            return `page ${slug}${lang === "en" ? "" : ` (${lang})`} #${computed.page}`;
          },
          secret: () => "s",
        },
      },
    }),
    maskedErrors: false,
    plugins: [cache.plugin(["page"])],
  });
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await yoga.fetch("http://levee.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: { page?: string } } };
  };
  return { ask, computed, cache, advance: (ms: number) => (clock += ms) };
}

const PAGE = "query($slug: String!) { page(slug: $slug) }";

describe("the public read cache", () => {
  it("answers the same anonymous read from memory for its time to live, then computes it again", async () => {
    const { ask, computed, advance } = yogaWithCache();
    const first = await ask(PAGE, { slug: "a" });
    const second = await ask(PAGE, { slug: "a" });
    assert.equal(first.body.data?.page, "page a #1");
    assert.deepEqual(second.body, first.body, "the kept answer, serialised the same");
    assert.equal(computed.page, 1);
    // Other variables are another answer.
    assert.equal((await ask(PAGE, { slug: "b" })).body.data?.page, "page b #2");
    advance(1_000);
    assert.equal(
      (await ask(PAGE, { slug: "a" })).body.data?.page,
      "page a #3",
      "stale after its time to live",
    );
  });

  it("forgets every kept answer when told a page changed", async () => {
    const { ask, computed, cache } = yogaWithCache();
    await ask(PAGE, { slug: "a" });
    cache.forget();
    assert.equal((await ask(PAGE, { slug: "a" })).body.data?.page, "page a #2");
    assert.equal(computed.page, 2);
  });

  it("readers arriving while the answer is computed wait for it instead of computing it again", async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { ask, computed } = yogaWithCache({ gate });
    const readers = Array.from({ length: 5 }, () => ask(PAGE, { slug: "a" }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    open();
    const answers = await Promise.all(readers);
    assert.equal(computed.page, 1);
    for (const answer of answers) assert.equal(answer.body.data?.page, "page a #1");
  });

  it("variables the operation does not declare make no new answer; declared ones sent as null do", async () => {
    const { ask, computed, cache } = yogaWithCache();
    for (let i = 0; i < 5; i++) await ask(PAGE, { slug: "a", junk: i });
    assert.equal(computed.page, 1, "a reader cannot mint keys with variables the operation ignores");
    assert.equal(cache.computations, 1);
    const withLang = 'query($slug: String!, $lang: String = "en") { page(slug: $slug, lang: $lang) }';
    assert.equal((await ask(withLang, { slug: "a" })).body.data?.page, "page a #2");
    assert.equal((await ask(withLang, { slug: "a", lang: null })).body.data?.page, "page a (null) #3");
  });

  it("keeps nothing for reads reaching anything else", async () => {
    const mixed = yogaWithCache();
    await mixed.ask('{ page(slug: "a") secret }');
    await mixed.ask('{ page(slug: "a") secret }');
    assert.equal(mixed.computed.page, 2, "a read reaching a field not listed runs every time");
    assert.equal(mixed.cache.size, 0);
  });

  it("keeps no answer with errors: the next reader computes it again", async () => {
    const { ask, computed } = yogaWithCache({ failFirst: true });
    const failed = await ask(PAGE, { slug: "a" });
    assert.match(JSON.stringify(failed.body), /database away/);
    assert.equal((await ask(PAGE, { slug: "a" })).body.data?.page, "page a #2");
    assert.equal(computed.page, 2);
  });
});
