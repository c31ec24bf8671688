import type { Classification } from "@levee/shared/classification/classifier";
import { ATTACK_FAMILIES, FAMILY_LABELS } from "@levee/shared/classification/families";
import { builder } from "../builder.ts";

/** What is stored on an incident: the classifier's result, enriched sources and the summary text. */
type StoredClassification = Omit<Classification, "topSources"> & {
  topSources: (Classification["topSources"][number] & {
    country: string | null;
    asn: number | null;
    asOrg: string | null;
    knownBad: boolean;
    lists: { list: string; category: string }[];
  })[];
  summary: string;
  seconds: number | null;
  classifiedAt: string;
};

export const AttackFamilyEnum = builder.enumType("AttackFamily", {
  values: Object.fromEntries(ATTACK_FAMILIES.map((f) => [f, { description: FAMILY_LABELS[f] }])) as Record<
    (typeof ATTACK_FAMILIES)[number],
    { description: string }
  >,
});

const AttackVectorRef = builder.objectRef<Classification["vectors"][number]>("AttackVector").implement({
  fields: (t) => ({
    family: t.field({ type: AttackFamilyEnum, resolve: (v) => v.family }),
    confidence: t.exposeInt("confidence", { description: "0–100" }),
    packetsShare: t.exposeFloat("packetsShare", { description: "Share of the attack traffic (0–1)" }),
    detail: t.exposeString("detail", { nullable: true }),
  }),
});

const ReputationHitRef = builder.objectRef<{ list: string; category: string }>("ReputationHit").implement({
  fields: (t) => ({ list: t.exposeString("list"), category: t.exposeString("category") }),
});

const AttackSourceRef = builder
  .objectRef<StoredClassification["topSources"][number]>("AttackSource")
  .implement({
    description: "A top source of the attack traffic, with offline geo/ASN and reputation",
    fields: (t) => ({
      ip: t.exposeString("ip"),
      packets: t.exposeFloat("packets"),
      share: t.exposeFloat("share", { description: "Share of all captured packets (0–1)" }),
      ttls: t.exposeIntList("ttls"),
      country: t.exposeString("country", { nullable: true, description: "ISO 3166 code" }),
      asn: t.exposeInt("asn", { nullable: true }),
      asOrg: t.exposeString("asOrg", { nullable: true }),
      knownBad: t.exposeBoolean("knownBad", { description: "Listed by a loaded reputation feed" }),
      lists: t.field({ type: [ReputationHitRef], resolve: (s) => s.lists ?? [] }),
    }),
  });

const IncidentClassificationRef = builder
  .objectRef<StoredClassification>("IncidentClassification")
  .implement({
    description: "What the attack is, from the packet summaries captured during the incident",
    fields: (t) => ({
      family: t.field({
        type: AttackFamilyEnum,
        nullable: true,
        description: "null: the captured packets show no attack pattern",
        resolve: (c) => c.family,
      }),
      detail: t.exposeString("detail", { nullable: true }),
      confidence: t.exposeInt("confidence", {
        description: "0–100, the share of attack traffic matching the family",
      }),
      vectors: t.field({ type: [AttackVectorRef], resolve: (c) => c.vectors }),
      spoofed: t.exposeBoolean("spoofed"),
      spoofingScore: t.exposeInt("spoofingScore"),
      botnet: t.exposeBoolean("botnet", { description: "≥ 300 distinct sources that are not spoofed" }),
      distinctSources: t.exposeInt("distinctSources", { description: "A lower bound across merged seconds" }),
      packetsPerSecond: t.exposeFloat("packetsPerSecond"),
      bitsPerSecond: t.exposeFloat("bitsPerSecond"),
      evidence: t.exposeStringList("evidence"),
      topSources: t.field({ type: [AttackSourceRef], resolve: (c) => c.topSources }),
      summary: t.exposeString("summary", {
        description: "The incident in a few sentences, from the evidence",
      }),
      seconds: t.exposeFloat("seconds", {
        nullable: true,
        description: "Seconds of captured traffic classified",
      }),
      classifiedAt: t.field({ type: "DateTime", resolve: (c) => new Date(c.classifiedAt) }),
    }),
  });

builder.prismaObjectFields("Incident", (t) => ({
  classification: t.field({
    type: IncidentClassificationRef,
    nullable: true,
    description: "null until the agent's capture summaries arrive",
    resolve: (incident) => (incident.classification as StoredClassification | null) ?? null,
  }),
}));
