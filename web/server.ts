// `npm start -w @levee/web` (and `npm start`): Next.js behind a plain node:http server, because Next's route
// handlers cannot accept WebSocket upgrades. HTTP requests go to Next unchanged; upgrades of /graphql are
// piped to ${LEVEE_API_URL}/graphql (graphql-ws, with the session cookie); in `--dev` other upgrades (HMR)
// go to Next. Listens on WEB_PORT (default 3000), WEB_HOST (default all interfaces).
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { ownHosts } from "./src/lib/branding/host-routing";
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_SET_BY_SERVER,
  clientAddressOf,
  parseTrustProxy,
  visitedHostOf,
} from "./src/lib/http/client-address";
import { proxyUpgrade } from "./src/lib/live/upgrade-proxy";
import { acceptsGzip, gzipped } from "./src/lib/status/gzip-response";
import { cacheable, nonceOf, PageCache, pageCacheKey, withNonce } from "./src/lib/status/page-cache";

const dev = process.argv.includes("--dev");
const port = Number(process.env.WEB_PORT ?? 3000);
const hostname = process.env.WEB_HOST || undefined;
const apiUrl = () => process.env.LEVEE_API_URL?.trim() || "http://localhost:4000";
const trustProxy = parseTrustProxy(process.env.WEB_TRUST_PROXY);
// The /graphql route (same process) believes CLIENT_ADDRESS_HEADER only when this server wrote it.
process.env[CLIENT_ADDRESS_SET_BY_SERVER] = "1";

// Next attaches its own "upgrade" listener to the server of the first request it handles, and that listener
// ends every socket it does not own, our /graphql upgrades included. Giving it a detached emitter as its
// server keeps it away; this file routes every upgrade itself (HMR to Next's handler in --dev).
const detached = new EventEmitter() as unknown as Server;
// No `hostname` for Next, although this server may listen on WEB_HOST: Next builds each request's URL from
// it, but hands the proxy (src/proxy.ts) that URL with a loopback address spelt "localhost"; with
// WEB_HOST=127.0.0.1 the proxy's rewrite (a custom domain's `/` → /s/<slug>) then looked like another origin,
// and Next proxied it over HTTP back to this server from 127.0.0.1, with the visitor's host only in
// X-Forwarded-Host, which a peer not in WEB_TRUST_PROXY must not set. Without it Next says "localhost" too,
// and every rewrite stays inside this process.
const app = next({ dev, dir: dirname(fileURLToPath(import.meta.url)), port, httpServer: detached });
await app.prepare();
const handle = app.getRequestHandler();
const nextUpgrade = dev ? app.getUpgradeHandler() : undefined;

// Public status pages are the same for every visitor: rendered at most about once a second each
// (src/lib/status/page-cache.ts), every response still with its own CSP nonce.
const statusPages = new PageCache();
const own = ownHosts();

function serveStatusPage(req: IncomingMessage, res: ServerResponse, key: string) {
  const hit = statusPages.lookup(key);
  if (hit) {
    const { headers, body } = withNonce(hit, btoa(crypto.randomUUID()));
    if (acceptsGzip(req.headers["accept-encoding"])) {
      void gzipped(body).then(
        (compressed) => {
          res.writeHead(hit.status, { ...headers, "content-encoding": "gzip", "x-levee-cache": "hit" });
          res.end(compressed);
        },
        () => {
          res.writeHead(hit.status, { ...headers, "x-levee-cache": "hit" });
          res.end(body);
        },
      );
      return;
    }
    res.writeHead(hit.status, { ...headers, "x-levee-cache": "hit" });
    res.end(body);
    return;
  }
  // Rendered uncompressed, so the stored copy can take a new nonce.
  delete req.headers["accept-encoding"];
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk && typeof chunk !== "function")
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding as BufferEncoding));
  };
  // Next may pass headers to writeHead directly, where getHeaders() never sees them.
  const sent: Record<string, string> = {};
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const given = rest.find((r) => r && typeof r === "object") as
      | Record<string, unknown>
      | unknown[]
      | undefined;
    const pairs = Array.isArray(given)
      ? given.reduce<[string, unknown][]>(
          (out, v, i, all) => (i % 2 ? out : [...out, [String(v), all[i + 1]]]),
          [],
        )
      : Object.entries(given ?? {});
    for (const [name, value] of pairs)
      sent[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    const headers = {
      ...Object.fromEntries(
        Object.entries(res.getHeaders()).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(", ") : String(value),
        ]),
      ),
      ...sent,
    };
    const nonce = nonceOf(headers["content-security-policy"]);
    if (nonce && cacheable(res.statusCode, headers))
      statusPages.store(key, {
        id: crypto.randomUUID(),
        at: Date.now(),
        status: res.statusCode,
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
        nonce,
      });
    else statusPages.abandon(key);
    return end(chunk, ...rest);
  }) as typeof res.end;
  res.once("close", () => statusPages.abandon(key));
  void handle(req, res);
}

/** The browser's address, decided here from the socket; whatever the client sent in its place is replaced. */
function clientAddress(req: IncomingMessage): string | undefined {
  return clientAddressOf(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustProxy);
}

/** The host the browser asked for: a WEB_TRUST_PROXY proxy's X-Forwarded-Host, else Host. */
function visitedHost(req: IncomingMessage): string | undefined {
  return visitedHostOf(
    req.socket.remoteAddress,
    req.headers["x-forwarded-host"],
    req.headers.host,
    trustProxy,
  );
}

const server = createServer((req, res) => {
  // X-Forwarded-Host picks a page's tenant, look and links (a custom domain): a proxy of ours may set it,
  // a browser may not. Always written here, so Next, the proxy, the pages and the page cache read one value.
  const visited = visitedHost(req);
  if (visited) req.headers["x-forwarded-host"] = visited;
  else delete req.headers["x-forwarded-host"];
  const address = clientAddress(req);
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete req.headers[CLIENT_ADDRESS_HEADER];
  const key = dev ? null : pageCacheKey(req, own);
  if (key) return serveStatusPage(req, res, key);
  void handle(req, res);
});
server.on("upgrade", (req, socket, head) => {
  const pathname = new URL(req.url ?? "/", "http://web").pathname;
  if (pathname === "/graphql")
    return proxyUpgrade(
      req,
      socket,
      head,
      apiUrl(),
      { clientAddress: clientAddress(req), visitedHost: visitedHost(req) },
      (m) => console.error(m),
    );
  if (nextUpgrade) return void nextUpgrade(req, socket, head);
  socket.destroy();
});
server.listen(port, hostname, () => {
  console.log(`levee web ${dev ? "(dev) " : ""}listening on http://${hostname ?? "localhost"}:${port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
