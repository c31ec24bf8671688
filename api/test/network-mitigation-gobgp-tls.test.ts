import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import { validIntent } from "../src/mitigation/network/intent.ts";
import { intentSignature } from "../src/mitigation/network/rule-signature.ts";
import { GoBgpSpeaker } from "../src/mitigation/network/speakers/gobgp-speaker.ts";
import { readCaCertificates } from "../src/mitigation/network/speakers/gobgp-tls.ts";
import { engines } from "./databases.ts";
import { createTenant, mutate, mutateOk, rawId, type Tenant } from "./fixtures.ts";
import { useTestApi } from "./harness.ts";
import { BgpLab, bgpLabUnavailable, waitFor } from "./support/bgp-lab.ts";
import { type Issued, TestPki } from "./support/test-pki.ts";

const skip = process.env.CI ? false : bgpLabUnavailable();
const SERVER_NAME = "gobgpd.levee.test";
const discard = validIntent({
  kind: "FLOWSPEC",
  match: { destination: "203.0.113.5", protocols: [17], sourcePorts: [{ from: 53, to: 53 }] },
  rateBytesPerSecond: 0,
});
const rtbh = validIntent({
  kind: "RTBH",
  prefix: "203.0.113.7",
  nextHop: undefined as never,
  communities: [],
});

/**
 * TLS on GoBGP's gRPC API against a real gobgpd started with --tls (GoBGP 3.10 has no client
 * certificate verification, so this is server authentication only), in network namespaces with a
 * BIRD 2 receiver. A throwaway CA (openssl) signs gobgpd's certificate; a second CA plays the
 * wrong one. Levee never falls back to plaintext.
 */
describe("GoBGP's gRPC API over TLS (real gobgpd --tls)", {
  skip,
  concurrency: false,
  timeout: 240_000,
}, () => {
  let lab: BgpLab;
  let pki: TestPki;
  let rogue: TestPki;
  let server: Issued;
  let target: string;
  before(async () => {
    lab = new BgpLab();
    pki = new TestPki(lab.dir, "ca");
    rogue = new TestPki(lab.dir, "rogue");
    server = pki.issue("gobgpd", [SERVER_NAME]);
    lab.startReceiver();
    target = lab.startGoBgp({ tls: server });
    await lab.sessionUp();
  });
  after(async () => {
    await lab?.close();
  });

  it("announces and withdraws FlowSpec and RTBH over TLS; the RIB reads back over TLS", async () => {
    const speaker = new GoBgpSpeaker(target, {
      tls: { caCertificate: pki.ca.cert, serverName: SERVER_NAME },
    });
    try {
      await waitFor(async () => {
        try {
          await speaker.rib();
          return true;
        } catch {
          return false;
        }
      }, "gobgpd's TLS API");
      const call = await speaker.announce(discard);
      assert.equal(call.request.method, "AddPath");
      await speaker.announce(rtbh);
      await waitFor(() => lab.received().length === 2, "both routes at the receiver");
      const rib = await speaker.rib();
      for (const intent of [discard, rtbh])
        assert.ok(rib.signatures?.has(intentSignature(intent) ?? ""), intentSignature(intent));
      await speaker.withdraw(discard);
      await speaker.withdraw(rtbh);
      await waitFor(() => lab.received().length === 0, "both withdrawn");
      assert.deepEqual([...((await speaker.rib()).signatures ?? [])], []);
    } finally {
      await speaker.close();
    }
  });

  it("refuses a daemon whose certificate another CA signed, and a certificate that does not name the server", async () => {
    const wrongCa = new GoBgpSpeaker(target, {
      tls: { caCertificate: rogue.ca.cert, serverName: SERVER_NAME },
      deadlineMs: 3000,
    });
    const wrongName = new GoBgpSpeaker(target, {
      tls: { caCertificate: pki.ca.cert, serverName: "other.levee.test" },
      deadlineMs: 3000,
    });
    // unix:// targets default to "localhost", which gobgpd's certificate does not name.
    const noName = new GoBgpSpeaker(target, { tls: { caCertificate: pki.ca.cert }, deadlineMs: 3000 });
    try {
      await assert.rejects(wrongCa.announce(discard), (e: Error) => {
        assert.match(e.message, /TLS refused: gobgpd's certificate is not signed by the speaker's CA/);
        assert.match(e.message, /unable to verify|self[- ]signed|issuer/i);
        return true;
      });
      await assert.rejects(wrongCa.rib(), /TLS refused/);
      await assert.rejects(
        wrongName.announce(discard),
        /TLS refused: gobgpd's certificate does not name "other\.levee\.test"/,
      );
      await assert.rejects(
        noName.announce(rtbh),
        /does not name the target's host \(set the speaker's server name\)/,
      );
      assert.equal(lab.received().length, 0, "nothing announced");
    } finally {
      await Promise.all([wrongCa.close(), wrongName.close(), noName.close()]);
    }
  });

  it("a TLS daemon refuses a plaintext client; a TLS client never falls back to plaintext", async () => {
    const plain = new GoBgpSpeaker(target, { deadlineMs: 3000 });
    try {
      await assert.rejects(
        plain.announce(discard),
        /unreachable \(.*a gobgpd started with --tls refuses plaintext: configure the speaker's TLS\)/,
      );
      assert.equal(lab.received().length, 0);
    } finally {
      await plain.close();
    }
    // The same speaker name and CA against a gobgpd without --tls: refused, nothing sent in clear.
    await lab.stop("gobgpd");
    const plainTarget = lab.startGoBgp();
    const tls = new GoBgpSpeaker(plainTarget, {
      tls: { caCertificate: pki.ca.cert, serverName: SERVER_NAME },
      deadlineMs: 3000,
    });
    const probe = new GoBgpSpeaker(plainTarget, { deadlineMs: 3000 });
    try {
      await waitFor(async () => {
        try {
          await probe.rib();
          return true;
        } catch {
          return false;
        }
      }, "plaintext gobgpd up");
      await assert.rejects(
        tls.announce(discard),
        /gobgp .*: TLS handshake failed \(is gobgpd started with --tls\?\): .*wrong version number/,
      );
      assert.deepEqual([...((await probe.rib()).signatures ?? [])], [], "nothing reached gobgpd");
    } finally {
      await Promise.all([tls.close(), probe.close()]);
      await lab.stop("gobgpd");
      target = lab.startGoBgp({ tls: server });
    }
  });

  it("reads CA certificates: not a certificate, a private key, expired or not yet valid are refused", () => {
    assert.ok("certificates" in readCaCertificates(pki.ca.cert));
    assert.ok("certificates" in readCaCertificates(pki.ca.cert + rogue.ca.cert));
    assert.match(problemOf(readCaCertificates("hello")), /not a PEM certificate/);
    assert.match(problemOf(readCaCertificates(server.key)), /private key/);
    assert.match(problemOf(readCaCertificates(server.cert + server.key)), /private key/);
    const garbled = pki.ca.cert.replace(/\n[A-Za-z0-9+/]{20}/, "\nAAAAAAAAAAAAAAAAAAAA");
    assert.match(problemOf(readCaCertificates(garbled)), /cannot be read/);
    const inThreeDays = Date.now() + 3 * 86_400_000;
    assert.match(problemOf(readCaCertificates(pki.ca.cert, inThreeDays)), /expired on/);
    assert.match(problemOf(readCaCertificates(pki.ca.cert, Date.now() - 86_400_000)), /not valid before/);
  });
});

function problemOf(read: ReturnType<typeof readCaCertificates>): string {
  assert.ok("problem" in read, "refused");
  return read.problem;
}

/**
 * Through the API: a speaker configured with TLS (CA validated on input, only its fingerprint read
 * back, kept when omitted), a rule announced over TLS, and a wrong server name surfacing as the
 * rule's last error and in the audit chain.
 */
for (const engine of engines)
  describe(`GoBGP TLS through the API (${engine})`, { skip, concurrency: false, timeout: 240_000 }, () => {
    const api = useTestApi(engine, {
      NETWORK_MITIGATION_ALLOWED_PREFIXES: "203.0.113.0/24",
      NETWORK_MITIGATION_SPEAKER_ENDPOINTS: `${tmpdir()}/`,
    });
    let lab: BgpLab | undefined;
    let pki: TestPki;
    let target: string;
    let t: Tenant;
    const SPEAKER =
      "... on UpdateNetworkMitigationPayload { networkMitigation { speakers { name kind endpoint tls { caFingerprint caSubject caNotAfter serverName } } } }";
    before(async () => {
      lab = new BgpLab();
      pki = new TestPki(lab.dir, "ca");
      lab.startReceiver();
      target = lab.startGoBgp({ tls: pki.issue("gobgpd", [SERVER_NAME]) });
      await lab.sessionUp();
      t = await createTenant(api, `gobgp-tls-${engine}`);
    });
    after(async () => {
      await lab?.close();
    });

    it("validates the CA on input, returns fingerprints only, announces over TLS, and a wrong server name is the rule's error", async () => {
      const l = lab;
      assert.ok(l);
      const expired = pki.issue("old", ["old.levee.test"], {
        from: "20200101000000Z",
        to: "20200102000000Z",
      });
      for (const [tls, pattern] of [
        [{ caCertificate: "not a pem" }, /input\.speakers\.0\.tls\.caCertificate.*not a PEM certificate/],
        [{ caCertificate: pki.ca.key }, /tls\.caCertificate.*private key/],
        [{ caCertificate: expired.cert }, /tls\.caCertificate.*expired on/],
        [{ serverName: SERVER_NAME }, /tls\.caCertificate.*is required/],
        [{ caCertificate: pki.ca.cert, serverName: "bad name!" }, /tls\.serverName.*host name/],
      ] as const) {
        const refused = await mutate(api, t.owner, "updateNetworkMitigation", {
          workspaceId: t.workspaceId,
          speakers: [{ name: "edge", kind: "GOBGP", endpoint: target, tls }],
        });
        assert.equal(refused.payload?.__typename, "ValidationError", JSON.stringify(tls));
        assert.match(refused.payload?.message, pattern);
      }
      const exa = await mutate(api, t.owner, "updateNetworkMitigation", {
        workspaceId: t.workspaceId,
        speakers: [
          {
            name: "exa",
            kind: "EXABGP",
            endpoint: l.path("x.cmd"),
            control: l.path("x.ack"),
            tls: { caCertificate: pki.ca.cert },
          },
        ],
      });
      assert.match(exa.payload?.message, /tls.*GoBGP's gRPC API only/);

      const ok = await mutateOk(
        api,
        t.owner,
        "updateNetworkMitigation",
        {
          workspaceId: t.workspaceId,
          prefixes: ["203.0.113.0/24"],
          speakers: [
            {
              name: "edge",
              kind: "GOBGP",
              endpoint: target,
              tls: { caCertificate: pki.ca.cert, serverName: SERVER_NAME },
            },
          ],
        },
        SPEAKER,
      );
      const [edge] = ok.networkMitigation.speakers;
      assert.match(edge.tls.caFingerprint, /^SHA256:([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      assert.match(edge.tls.caSubject, /CN=Levee test ca/);
      assert.ok(Date.parse(edge.tls.caNotAfter) > Date.now());
      assert.equal(edge.tls.serverName, SERVER_NAME);
      assert.ok(!JSON.stringify(ok).includes("BEGIN CERTIFICATE"), "the PEM is not returned");

      // Saving again without the PEM keeps the stored CA (the form never has it back).
      const kept = await mutateOk(
        api,
        t.owner,
        "updateNetworkMitigation",
        {
          workspaceId: t.workspaceId,
          speakers: [{ name: "edge", kind: "GOBGP", endpoint: target, tls: { serverName: SERVER_NAME } }],
        },
        SPEAKER,
      );
      assert.equal(kept.networkMitigation.speakers[0].tls.caFingerprint, edge.tls.caFingerprint);

      const announced = await mutateOk(
        api,
        t.owner,
        "announceMitigation",
        { workspaceId: t.workspaceId, kind: "RTBH", destination: "203.0.113.40", ttlSeconds: 600 },
        "... on AnnounceMitigationPayload { failures rule { id state } }",
      );
      assert.deepEqual(announced.failures, []);
      await waitFor(() => l.received().some((r) => r.net.startsWith("203.0.113.40/32")), "RTBH over TLS");

      // A server name gobgpd's certificate does not carry: refused, never sent in clear.
      await mutateOk(
        api,
        t.owner,
        "updateNetworkMitigation",
        {
          workspaceId: t.workspaceId,
          speakers: [
            { name: "edge", kind: "GOBGP", endpoint: target, tls: { serverName: "other.levee.test" } },
          ],
        },
        "__typename",
      );
      const refused = await mutateOk(
        api,
        t.owner,
        "announceMitigation",
        { workspaceId: t.workspaceId, kind: "RTBH", destination: "203.0.113.41", ttlSeconds: 600 },
        "... on AnnounceMitigationPayload { failures rule { id state } }",
      );
      assert.equal(refused.failures.length, 1);
      assert.match(
        refused.failures[0],
        /edge: TLS refused: gobgpd's certificate does not name "other\.levee\.test"/,
      );
      const row = await api.server.services.database.prisma.networkMitigationRule.findUniqueOrThrow({
        where: { id: rawId(refused.rule.id) },
      });
      assert.match(row.lastError ?? "", /TLS refused/);
      assert.ok(!l.received().some((r) => r.net.startsWith("203.0.113.41/32")));

      const { data } = await api.gql(
        `query($w: ID!) { auditLog(workspaceId: $w, first: 100) { edges { node { action summary } } } }`,
        { w: t.workspaceId },
        t.owner,
      );
      const entries = data.auditLog.edges.map((e: any) => e.node);
      assert.ok(
        entries.some(
          (n: any) => n.action === "mitigation.announce" && /TLS refused/.test(JSON.stringify(n.summary)),
        ),
        "the TLS failure is in the audit chain",
      );
      const configure = entries.find((n: any) => n.action === "mitigation.configure");
      assert.match(JSON.stringify(configure.summary), /SHA256:/);
      assert.ok(!JSON.stringify(entries).includes("BEGIN CERTIFICATE"), "no PEM in the audit log");
    });
  });
