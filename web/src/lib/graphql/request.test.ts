import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LoginDocument, UploadWorkspaceLogoDocument, ViewerDocument } from "./generated/graphql";
import {
  ApiError,
  ApiRefusedError,
  ApiUnreachableError,
  apiGraphqlUrl,
  multipartBody,
  postGraphQL,
  postGraphQLUpload,
  UPLOAD_CSRF_HEADER,
} from "./request";

const URL_ = "http://api.test/graphql";
const respond =
  (body: string, status = 200): typeof fetch =>
  async () =>
    new Response(body, { status });

describe("apiGraphqlUrl", () => {
  it("defaults to localhost:4000 and trims trailing slashes", () => {
    assert.equal(apiGraphqlUrl({}), "http://localhost:4000/graphql");
    assert.equal(
      apiGraphqlUrl({ LEVEE_API_URL: "https://api.example.com/" }),
      "https://api.example.com/graphql",
    );
  });

  it("reads process.env when called (server-fetch.ts relies on this), not when imported", () => {
    const saved = process.env.LEVEE_API_URL;
    try {
      process.env.LEVEE_API_URL = "http://runtime-api:4100";
      assert.equal(apiGraphqlUrl(), "http://runtime-api:4100/graphql");
      delete process.env.LEVEE_API_URL;
      assert.equal(apiGraphqlUrl(), "http://localhost:4000/graphql");
    } finally {
      if (saved !== undefined) process.env.LEVEE_API_URL = saved;
    }
  });
});

describe("postGraphQL", () => {
  it("passes the visitor's address as X-Forwarded-For only when given one", async () => {
    const seen: (Record<string, string> | undefined)[] = [];
    const fetchImpl: typeof fetch = async (_url, init) => {
      seen.push(init?.headers as Record<string, string> | undefined);
      return Response.json({ data: { me: null } });
    };
    await postGraphQL(URL_, ViewerDocument, undefined, { fetchImpl, forwardedFor: "198.51.100.4" });
    await postGraphQL(URL_, ViewerDocument, undefined, { fetchImpl });
    assert.equal(seen[0]?.["x-forwarded-for"], "198.51.100.4");
    assert.equal(seen[1]?.["x-forwarded-for"], undefined);
  });

  it("posts the document, variables and cookie, and returns data with empty errors", async () => {
    let seen: RequestInit | undefined;
    const fetchImpl: typeof fetch = async (_url, init) => {
      seen = init;
      return Response.json({ data: { me: null } });
    };
    const result = await postGraphQL(URL_, ViewerDocument, undefined, {
      cookie: "levee_session=abc",
      fetchImpl,
    });
    assert.deepEqual(result, { data: { me: null }, errors: [] });
    assert.equal(seen?.method, "POST");
    assert.equal((seen?.headers as Record<string, string> | undefined)?.cookie, "levee_session=abc");
    assert.match(String(seen?.body), /"query":"\\n {4}query Viewer/);
  });

  it("passes variables and GraphQL errors through", async () => {
    const fetchImpl: typeof fetch = async (_url, init) => {
      assert.deepEqual(JSON.parse(String(init?.body)).variables, {
        input: { email: "a@b.c", password: "pw" },
      });
      return Response.json({ data: null, errors: [{ message: "Unknown field" }] }, { status: 400 });
    };
    const variables = { input: { email: "a@b.c", password: "pw" } };
    const result = await postGraphQL(URL_, LoginDocument, variables, { fetchImpl });
    assert.deepEqual(result, { data: null, errors: [{ message: "Unknown field" }] });
  });

  it("throws ApiUnreachableError naming the URL when the connection fails", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const fetchImpl: typeof fetch = async () => {
      throw new TypeError("fetch failed", { cause: refused });
    };
    await assert.rejects(postGraphQL(URL_, ViewerDocument, undefined, { fetchImpl }), (error: Error) => {
      assert.ok(error instanceof ApiUnreachableError);
      assert.equal(error.message, "API unreachable at http://api.test/graphql (ECONNREFUSED)");
      return true;
    });
  });

  it("reports timeouts as unreachable", async () => {
    // AbortSignal.timeout's timer is unref'd; hold the event loop open until it fires.
    const fetchImpl: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        const keepAlive = setTimeout(() => {}, 1_000);
        init?.signal?.addEventListener("abort", () => {
          clearTimeout(keepAlive);
          reject(init.signal?.reason);
        });
      });
    await assert.rejects(postGraphQL(URL_, ViewerDocument, undefined, { fetchImpl, timeoutMs: 20 }), {
      name: "ApiUnreachableError",
      message: "API unreachable at http://api.test/graphql (no response within 0.02s)",
    });
  });

  it("throws ApiError for responses that are not GraphQL", async () => {
    for (const fetchImpl of [respond("<h1>Bad gateway</h1>", 502), respond('{"hello":1}')]) {
      await assert.rejects(postGraphQL(URL_, ViewerDocument, undefined, { fetchImpl }), (error: Error) => {
        assert.ok(error instanceof ApiError && !(error instanceof ApiUnreachableError));
        assert.match(
          error.message,
          /^API at http:\/\/api\.test\/graphql answered HTTP \d+ without a GraphQL/,
        );
        return true;
      });
    }
  });
});

describe("ApiRefusedError", () => {
  const cursorRefused = {
    message: "after: is not a cursor of this connection",
    extensions: { code: "BAD_USER_INPUT", fieldErrors: [{ path: "after", message: "is not a cursor" }] },
  };
  it("joins the messages and tells a refused argument from other refusals", () => {
    const refused = new ApiRefusedError([cursorRefused]);
    assert.equal(refused.message, "after: is not a cursor of this connection");
    assert.ok(refused.refusesArgument("after"));
    assert.ok(!refused.refusesArgument("search"));
    const limited = { message: "Too many requests; retry in 1s", extensions: { code: "RATE_LIMITED" } };
    assert.ok(!new ApiRefusedError([limited]).refusesArgument("after"));
    assert.ok(!new ApiRefusedError([cursorRefused, limited]).refusesArgument("after"));
    assert.ok(!new ApiRefusedError([]).refusesArgument("after"));
  });
});

describe("multipartBody and postGraphQLUpload", () => {
  it("sends the GraphQL multipart request (operations, map, the file) with the upload header", async () => {
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "logo.png", { type: "image/png" });
    const body = multipartBody(
      UploadWorkspaceLogoDocument,
      { input: { workspaceId: "W1" } } as never,
      "file",
      file,
      "logo.png",
    );
    const operations = JSON.parse(String(body.get("operations")));
    assert.match(operations.query, /mutation UploadWorkspaceLogo/);
    assert.deepEqual(operations.variables, { input: { workspaceId: "W1" }, file: null });
    assert.deepEqual(JSON.parse(String(body.get("map"))), { 0: ["variables.file"] });
    const part = body.get("0") as File;
    assert.equal(part.name, "logo.png");
    assert.deepEqual(new Uint8Array(await part.arrayBuffer()), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    let seen: RequestInit | undefined;
    const fetchImpl: typeof fetch = async (_url, init) => {
      seen = init;
      return Response.json({ data: { uploadWorkspaceLogo: { __typename: "WorkspacePayload" } } });
    };
    const result = await postGraphQLUpload(URL_, body, { fetchImpl });
    assert.deepEqual(result.errors, []);
    assert.equal(seen?.body, body);
    assert.equal((seen?.headers as Record<string, string> | undefined)?.[UPLOAD_CSRF_HEADER], "1");
    // A body refused before GraphQL ran (413 with a JSON error) still reads as a GraphQL answer.
    const refused = await postGraphQLUpload(URL_, body, {
      fetchImpl: async () =>
        Response.json(
          { errors: [{ message: "too large", extensions: { code: "PAYLOAD_TOO_LARGE" } }] },
          { status: 413 },
        ),
    });
    assert.equal(refused.errors[0]?.extensions?.code, "PAYLOAD_TOO_LARGE");
  });
});
