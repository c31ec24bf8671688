import { createHash } from "node:crypto";
import { grantRead } from "../auth/node-guard.ts";
import type { GraphQLContext } from "../context.ts";
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from "../errors.ts";
import { inspectPcap, PcapFormatError } from "./pcap-file.ts";

const DAY = 86_400_000;
/** Agents upload one capture per incident; a few more cover restarts. More is refused. */
const MAX_CAPTURES_PER_INCIDENT = 10;

export interface CaptureUpload {
  incidentId: string;
  preBufferPackets: number;
  packets: number;
}

/**
 * An agent uploads the capture of one of its node's incidents. The file must be a whole
 * classic pcap whose packet count matches what the agent says; the same file twice is one
 * capture (the agent retries until it sees the answer). Kept for the workspace's retention.
 */
export async function uploadIncidentCapture(ctx: GraphQLContext, input: CaptureUpload, file: File) {
  const capture = await storeCapture(ctx, input, file);
  // The agent holds no role: it may read back the capture of its own node's incident it sent.
  grantRead(ctx, "IncidentCapture", capture.id);
  return capture;
}

async function storeCapture(ctx: GraphQLContext, input: CaptureUpload, file: File) {
  const { principal } = ctx;
  if (principal.kind !== "agent") throw new AuthenticationError("Only an agent key uploads captures");
  const incident = await ctx.db.incident.findUnique({
    where: { id: input.incidentId },
    include: { workspace: { select: { evidenceRetentionDays: true } } },
  });
  if (!incident || incident.nodeId !== principal.nodeId) throw new NotFoundError("incident");
  const { maxBytes } = ctx.config.evidence;
  if (file.size > maxBytes)
    throw ValidationError.field("file", `is ${file.size} bytes; the limit is ${maxBytes}`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let info: ReturnType<typeof inspectPcap>;
  try {
    info = inspectPcap(bytes);
  } catch (error) {
    if (error instanceof PcapFormatError) throw ValidationError.field("file", error.message);
    throw error;
  }
  if (info.packets !== input.packets)
    throw ValidationError.field("input.packets", `says ${input.packets}, the file holds ${info.packets}`);
  if (input.preBufferPackets < 0 || input.preBufferPackets > info.packets)
    throw ValidationError.field("input.preBufferPackets", `must be between 0 and ${info.packets}`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const existing = await ctx.db.incidentCapture.findUnique({
    where: { incidentId_sha256: { incidentId: incident.id, sha256 } },
  });
  if (existing) return existing;
  const stored = await ctx.db.incidentCapture.count({ where: { incidentId: incident.id } });
  if (stored >= MAX_CAPTURES_PER_INCIDENT)
    throw new ConflictError(`This incident already has ${stored} captures, the most kept per incident`);
  const id = crypto.randomUUID();
  const storageKey = `${incident.workspaceId}/${id}.pcap`;
  await ctx.evidence.put(storageKey, bytes).catch((error: NodeJS.ErrnoException) => {
    // Out of space is the operator's to fix and the agent keeps the file meanwhile: say so, retryably.
    if (error.code === "ENOSPC" || error.code === "EDQUOT")
      throw new UnavailableError(
        `Evidence storage is full (${error.code}); the capture was not kept, retry later`,
      );
    throw error;
  });
  const createdAt = new Date();
  const save = ctx.mutate(async (tx, audit) => {
    const capture = await tx.incidentCapture.create({
      data: {
        id,
        workspaceId: incident.workspaceId,
        incidentId: incident.id,
        sizeBytes: bytes.length,
        packets: info.packets,
        preBufferPackets: input.preBufferPackets,
        linkType: info.linkType,
        sha256,
        storageKey,
        createdAt,
        expiresAt: new Date(createdAt.getTime() + incident.workspace.evidenceRetentionDays * DAY),
      },
    });
    await audit({
      action: "evidence.upload",
      workspaceId: incident.workspaceId,
      target: { type: "IncidentCapture", id },
      summary: { after: { incidentId: incident.id, packets: info.packets, sizeBytes: bytes.length, sha256 } },
    });
    return capture;
  });
  return save.catch(async (error) => {
    // Two identical uploads racing: the loser answers with the winner's capture.
    const winner = await ctx.db.incidentCapture.findUnique({
      where: { incidentId_sha256: { incidentId: incident.id, sha256 } },
    });
    await ctx.evidence.delete(storageKey);
    if (error instanceof ConflictError && winner) return winner;
    throw error;
  });
}
