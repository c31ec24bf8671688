import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as loader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import { communityNumber } from "../community.ts";
import { type FlowComponent, flowComponents } from "../flowspec-nlri.ts";
import type { Intent } from "../intent.ts";
import { type RouteShape, ruleSignature } from "../rule-signature.ts";
import type { GoBgpTls } from "./gobgp-tls.ts";
import { type Speaker, type SpeakerCall, SpeakerError, type SpeakerRib } from "./speaker.ts";

/**
 * GoBGP through its gRPC API (AddPath / DeletePath / ListPath on the global table). The .proto
 * files are GoBGP 3.10's (MIT), copied from Debian's golang-github-osrg-gobgp-dev into
 * gobgp-proto/. `target` is `unix:///run/gobgpd.sock` or `host:port`. Without `tls` the channel
 * is plaintext (keep it on loopback or a socket file); with it, gobgpd's certificate must be signed
 * by the configured CA and name the server (never a fallback to plaintext).
 */
const PROTO_DIR = join(dirname(fileURLToPath(import.meta.url)), "gobgp-proto");
const OPTIONS = { keepCase: true, includeDirs: [PROTO_DIR], longs: Number, defaults: true };
// biome-ignore lint/suspicious/noExplicitAny: the generated service client is untyped
let api: any;
let types: protobuf.Root;
function load() {
  if (api) return;
  api = grpc.loadPackageDefinition(loader.loadSync("gobgp.proto", OPTIONS)).apipb;
  types = new protobuf.Root();
  types.resolvePath = (_origin, target) => (target.startsWith("google/") ? target : join(PROTO_DIR, target));
  types.loadSync(["gobgp.proto", "attribute.proto"], { keepCase: true });
}

type Any = { type_url: string; value: Buffer };
const any = (type: string, message: Record<string, unknown>): Any => ({
  type_url: `type.googleapis.com/apipb.${type}`,
  value: Buffer.from(types.lookupType(`apipb.${type}`).encode(message).finish()),
});
const unpack = (value: Any): { type: string; message: Record<string, unknown> } => {
  const type = value.type_url.split(".").pop() ?? "";
  const kind = types.lookupType(`apipb.${type}`);
  const decoded = kind.decode(value.value ?? Buffer.alloc(0));
  return { type, message: kind.toObject(decoded, { longs: Number, defaults: true }) };
};

const FAMILY = {
  "4-unicast": { afi: 1, safi: 1 },
  "6-unicast": { afi: 2, safi: 1 },
  "4-flow": { afi: 1, safi: 133 },
  "6-flow": { afi: 2, safi: 133 },
} as const;

function componentAny(c: FlowComponent): Any {
  if ("prefix" in c)
    return any("FlowSpecIPPrefix", { type: c.type, prefix_len: c.prefixLength, prefix: c.prefix });
  return any("FlowSpecComponent", { type: c.type, items: c.items });
}

interface PathSpec {
  family: { afi: number; safi: number };
  nlri: Any;
  pattrs: Any[];
  /** The same path in readable form, for the audit chain. */
  readable: Record<string, unknown>;
}

function pathOf(intent: Intent): PathSpec {
  const origin = any("OriginAttribute", { origin: 0 });
  if (intent.kind === "FLOWSPEC") {
    const v6 = intent.match.destination.includes(":");
    const components = flowComponents(intent.match);
    const rate = any("TrafficRateExtended", { asn: 0, rate: intent.rateBytesPerSecond });
    return {
      family: FAMILY[v6 ? "6-flow" : "4-flow"],
      nlri: any("FlowSpecNLRI", { rules: components.map(componentAny) }),
      // AddPath insists on a next hop, even for FlowSpec (which carries none).
      pattrs: [
        origin,
        any("NextHopAttribute", { next_hop: v6 ? "::" : "0.0.0.0" }),
        any("ExtendedCommunitiesAttribute", { communities: [rate] }),
      ],
      readable: {
        family: v6 ? "ipv6-flowspec" : "ipv4-flowspec",
        components,
        trafficRate: intent.rateBytesPerSecond,
      },
    };
  }
  if (intent.kind === "RTBH") {
    const [prefix = "", length = "0"] = intent.prefix.split("/");
    const v6 = prefix.includes(":");
    const communities = intent.communities.map(communityNumber).filter((n): n is number => n !== undefined);
    return {
      family: FAMILY[v6 ? "6-unicast" : "4-unicast"],
      nlri: any("IPAddressPrefix", { prefix_len: Number(length), prefix }),
      pattrs: [
        origin,
        any("NextHopAttribute", { next_hop: intent.nextHop }),
        any("CommunitiesAttribute", { communities }),
      ],
      readable: {
        family: v6 ? "ipv6-unicast" : "ipv4-unicast",
        prefix: intent.prefix,
        nextHop: intent.nextHop,
        communities: intent.communities,
      },
    };
  }
  throw new SpeakerError("gobgp", "scrubbing is a cloud provider's job, not a BGP speaker's");
}

/** A GoBGP path read back from ListPath, in the shape ruleSignature compares. */
function shapeOf(nlri: Any, pattrs: Any[]): RouteShape | undefined {
  const { type, message } = unpack(nlri);
  const attrs = pattrs.map(unpack);
  if (type === "FlowSpecNLRI") {
    const components = ((message.rules as Any[] | undefined) ?? []).map((rule): FlowComponent => {
      const c = unpack(rule).message as {
        type: number;
        items?: { op: number; value: number }[];
        prefix?: string;
        prefix_len?: number;
      };
      if (c.type === 1 || c.type === 2)
        return { type: c.type, prefix: String(c.prefix), prefixLength: Number(c.prefix_len) };
      return {
        type: c.type,
        items: (c.items ?? []).map((i) => ({ op: Number(i.op), value: Number(i.value) })),
      };
    });
    const ext = (attrs.find((a) => a.type === "ExtendedCommunitiesAttribute")?.message.communities ??
      []) as Any[];
    const rateAny = ext.find((c) => c.type_url.endsWith(".TrafficRateExtended"));
    const rate = rateAny ? Number(unpack(rateAny).message.rate) : undefined;
    return { kind: "FLOWSPEC", components, rateBytesPerSecond: rate };
  }
  if (type === "IPAddressPrefix") {
    const communities = (attrs.find((a) => a.type === "CommunitiesAttribute")?.message.communities ??
      []) as number[];
    return {
      kind: "RTBH",
      prefix: `${message.prefix}/${message.prefix_len}`,
      communities: communities.map(Number),
    };
  }
  return undefined;
}

export class GoBgpSpeaker implements Speaker {
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: generated client
  private readonly client: any;

  constructor(
    readonly target: string,
    options: { name?: string; deadlineMs?: number; tls?: GoBgpTls } = {},
  ) {
    load();
    this.name = options.name ?? `gobgp ${target}`;
    this.tls = options.tls;
    const serverName = options.tls?.serverName;
    this.client = new api.GobgpApi(
      target,
      options.tls
        ? grpc.credentials.createSsl(Buffer.from(options.tls.caCertificate))
        : grpc.credentials.createInsecure(),
      serverName ? { "grpc.ssl_target_name_override": serverName, "grpc.default_authority": serverName } : {},
    );
    this.deadlineMs = options.deadlineMs ?? 5000;
  }
  private readonly deadlineMs: number;
  private readonly tls: GoBgpTls | undefined;

  private unary(
    method: string,
    request: Record<string, unknown>,
    readable: Record<string, unknown>,
  ): Promise<SpeakerCall> {
    const call = { speaker: this.name, request: { method, ...readable } };
    return new Promise((resolve, reject) => {
      this.client[method](
        request,
        { deadline: Date.now() + this.deadlineMs },
        (error: grpc.ServiceError | null) => {
          if (error) reject(new SpeakerError(this.name, grpcMessage(error, this.tls), call.request));
          else resolve(call);
        },
      );
    });
  }

  announce(intent: Intent): Promise<SpeakerCall> {
    const path = pathOf(intent);
    return this.unary(
      "AddPath",
      { table_type: 0, path: { family: path.family, nlri: path.nlri, pattrs: path.pattrs } },
      path.readable,
    );
  }

  withdraw(intent: Intent): Promise<SpeakerCall> {
    const path = pathOf(intent);
    const request = {
      table_type: 0,
      family: path.family,
      path: { family: path.family, nlri: path.nlri, pattrs: path.pattrs },
    };
    return this.unary("DeletePath", request, path.readable);
  }

  async rib(): Promise<SpeakerRib> {
    const signatures = new Set<string>();
    for (const family of Object.values(FAMILY)) {
      const destinations = await new Promise<{ paths: { nlri: Any; pattrs: Any[] }[] }[]>(
        (resolve, reject) => {
          const found: { paths: { nlri: Any; pattrs: Any[] }[] }[] = [];
          const stream = this.client.ListPath(
            { table_type: 0, family },
            { deadline: Date.now() + this.deadlineMs },
          );
          stream.on("data", (response: { destination: { paths: { nlri: Any; pattrs: Any[] }[] } }) =>
            found.push(response.destination),
          );
          stream.on("error", (error: grpc.ServiceError) =>
            reject(new SpeakerError(this.name, grpcMessage(error, this.tls))),
          );
          stream.on("end", () => resolve(found));
        },
      );
      for (const destination of destinations)
        for (const path of destination.paths) {
          const shape = shapeOf(path.nlri, path.pattrs);
          if (shape) signatures.add(ruleSignature(shape));
        }
    }
    return { signatures };
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

function grpcMessage(error: grpc.ServiceError, tls: GoBgpTls | undefined): string {
  const details = (error.details || "").replace(/\s*Resolution note:\s*$/, "");
  if (error.code === grpc.status.UNAVAILABLE && tls) {
    if (/ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate/.test(details))
      return `TLS refused: gobgpd's certificate does not name ${tls.serverName ? `"${tls.serverName}" (the speaker's server name)` : "the target's host (set the speaker's server name)"}: ${details}`;
    if (/certificate|self[- ]signed|CERT_|issuer/i.test(details))
      return `TLS refused: gobgpd's certificate is not signed by the speaker's CA certificate: ${details}`;
    if (/SSL|TLS|wrong version|packet length|handshake|socket disconnected/i.test(details))
      return `TLS handshake failed (is gobgpd started with --tls?): ${details}`;
    return `unreachable over TLS (${details || "connection refused"})`;
  }
  if (error.code === grpc.status.UNAVAILABLE) {
    // A gobgpd started with --tls drops a plaintext client before HTTP/2 starts.
    const hint = /Failed to connect|Connection dropped/.test(details)
      ? "; a gobgpd started with --tls refuses plaintext: configure the speaker's TLS"
      : "";
    return `unreachable (${details || "connection refused"}${hint})`;
  }
  if (error.code === grpc.status.DEADLINE_EXCEEDED)
    return "no answer before the deadline (is gobgpd running?)";
  return `${grpc.status[error.code] ?? error.code}: ${error.details || error.message}`;
}
