import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { AuthenticationError, mutationErrors } from "../errors.ts";
import { idOf } from "../global-id.ts";
import { uploadIncidentCapture } from "./evidence.service.ts";
import { signedDownloadPath } from "./signed-url.ts";
import { evidenceSigningKey } from "./signing-key.ts";

guardNodeType("IncidentCapture", {
  permission: "incident:read",
  workspaceOf: (c) => (c as { workspaceId: string }).workspaceId,
});
export const IncidentCaptureRef = builder.prismaObject("IncidentCapture", {
  authScopes: readableScopes("IncidentCapture"),
  description: "Packets of an incident as a pcap file: the pre-attack ring first, then the attack",
  fields: (t) => ({
    id: t.exposeID("id"),
    sizeBytes: t.exposeInt("sizeBytes"),
    packets: t.exposeInt("packets"),
    preBufferPackets: t.exposeInt("preBufferPackets", {
      description: "Packets captured before the attack began",
    }),
    linkType: t.exposeInt("linkType", { description: "pcap link type (1 = Ethernet)" }),
    sha256: t.exposeString("sha256"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    expiresAt: t.expose("expiresAt", {
      type: "DateTime",
      description: "Deleted after this (workspace retention)",
    }),
    downloadUrl: t.string({
      description: "Signed link, valid 15 minutes (absolute when PUBLIC_API_URL is set)",
      resolve: async (capture, _args, ctx) => {
        const path = signedDownloadPath(capture.id, await evidenceSigningKey(ctx));
        return `${ctx.config.evidence.publicApiUrl ?? ""}${path}`;
      },
    }),
  }),
});

builder.prismaObjectFields("Incident", (t) => ({
  pcap: t.prismaField({
    type: "IncidentCapture",
    nullable: true,
    description: "The latest capture uploaded for this incident",
    resolve: (query, incident, _args, ctx) =>
      ctx.db.incidentCapture.findFirst({
        ...query,
        where: { incidentId: incident.id },
        orderBy: { createdAt: "desc" },
      }),
  }),
  captures: t.relation("captures", { query: { orderBy: { createdAt: "asc" } } }),
}));

builder.prismaObjectFields("Workspace", (t) => ({
  evidenceRetentionDays: t.exposeInt("evidenceRetentionDays", {
    description: "Days captures are kept (1–365)",
  }),
}));

const UploadIncidentCaptureInput = builder.inputType("UploadIncidentCaptureInput", {
  fields: (t) => ({
    incidentId: t.id(),
    preBufferPackets: t.int({ description: "How many of the packets precede the attack" }),
    packets: t.int({ description: "Packets in the file (checked)" }),
  }),
});

const IncidentCapturePayload = builder
  .objectRef<{ capture: { id: string } }>("IncidentCapturePayload")
  .implement({
    fields: (t) => ({ capture: t.field({ type: IncidentCaptureRef, resolve: (p) => p.capture as never }) }),
  });

builder.mutationField("uploadIncidentCapture", (t) =>
  t.field({
    type: IncidentCapturePayload,
    description:
      "levee-agent uploads an incident's pcap (multipart request); the same file twice is one capture",
    errors: { types: [AuthenticationError, ...mutationErrors] },
    authScopes: { agent: true },
    args: {
      input: t.arg({ type: UploadIncidentCaptureInput, required: true }),
      file: t.arg({ type: "File", required: true }),
    },
    resolve: async (_root, { input, file }, ctx) => ({
      capture: await uploadIncidentCapture(
        ctx,
        { ...input, incidentId: idOf(input.incidentId, "Incident", "input.incidentId") },
        file,
      ),
    }),
  }),
);
