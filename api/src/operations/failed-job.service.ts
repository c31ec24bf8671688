import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import type { AuditRecord } from "../audit/audit-recorder.ts";
import { grantRead } from "../auth/node-guard.ts";
import type { GraphQLContext } from "../context.ts";
import { ForbiddenError, NotFoundError, UnavailableError } from "../errors.ts";
import type { FailedJob } from "../jobs/index.ts";
import { RedisTimeoutError } from "../redis/answer-within.ts";

/**
 * Failed jobs (attempts exhausted), and who may see and retry them:
 * - a job whose data names a workspace (`workspaceId`, e.g. incident events) belongs to that
 *   tenant: its OWNERs and ADMINs (permission workspace:update) list and retry it, and to anyone
 *   else it does not exist (NOT_FOUND), operators included — tenants' payloads stay with them;
 * - a system job (rollups, retention, sweeps) belongs to the deployment's operators: the OWNERs
 *   of its root workspace, the first workspace ever created (the one the first start creates).
 *   Every failed job, of any tenant, is counted per job name on /metrics.
 */
const SCAN_LIMIT = 1000;

export interface FailedJobView extends FailedJob {
  workspaceId: string | null;
}

export const failedJobGlobalId = (job: { name: string; id: string }) =>
  encodeGlobalID("FailedJob", `${job.name}/${job.id}`);

/** The workspace a job belongs to, from its data; null for system jobs. */
export function workspaceOfJob(job: FailedJob): string | null {
  const data = job.data as { workspaceId?: unknown } | null;
  return typeof data?.workspaceId === "string" ? data.workspaceId : null;
}

/** Whether the caller is an operator: an OWNER of the oldest root workspace. */
export async function isOperator(ctx: GraphQLContext): Promise<boolean> {
  if (ctx.principal.kind !== "user") return false;
  const root = await ctx.db.workspace.findFirst({
    where: { parentId: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (!root) return false;
  const owner = await ctx.db.membership.findFirst({
    where: { workspaceId: root.id, userId: ctx.principal.userId, role: "OWNER" },
    select: { id: true },
  });
  return owner !== null;
}

async function requireOperator(ctx: GraphQLContext): Promise<void> {
  ctx.access.requireUser();
  if (!(await isOperator(ctx)))
    throw new ForbiddenError("Only an operator (an owner of the root workspace) sees system jobs");
}

/** A workspace's failed jobs, or (no workspace) the deployment's system jobs. */
export async function listFailedJobs(
  ctx: GraphQLContext,
  options: { workspaceId: string | null; name?: string | null; first: number },
): Promise<FailedJobView[]> {
  if (options.workspaceId) await ctx.access.require(options.workspaceId, "workspace:update");
  else await requireOperator(ctx);
  const jobs = await unlessStalled(
    ctx.jobs.failedJobs({ name: options.name ?? undefined, limit: SCAN_LIMIT }),
  );
  const listed = jobs
    .map((job) => ({ ...job, workspaceId: workspaceOfJob(job) }))
    .filter((job) => job.workspaceId === options.workspaceId)
    .slice(0, options.first);
  if (!options.workspaceId) for (const job of listed) grantRead(ctx, "FailedJob", job.id); // operator checked above
  return listed;
}

/** Runs a failed job again (fresh attempts); audited in the job's workspace chain or the system chain. */
export async function retryFailedJob(ctx: GraphQLContext, globalId: string): Promise<FailedJobView> {
  const { name, id } = decodeJobId(globalId);
  const job = (await unlessStalled(ctx.jobs.failedJobs({ name, limit: SCAN_LIMIT }))).find(
    (j) => j.id === id,
  );
  if (!job) throw new NotFoundError("FailedJob");
  const workspaceId = workspaceOfJob(job);
  if (workspaceId) await ctx.access.require(workspaceId, "workspace:update", "FailedJob");
  else await requireOperator(ctx);
  const record = {
    action: "job.retry",
    workspaceId,
    target: { type: "FailedJob", id },
    summary: { name, attempts: job.attempts, error: job.error },
  };
  await ctx.mutate(async (_tx, audit) => {
    const retrying = ctx.jobs.retryFailed(name, id, {
      onLateAnswer: (retried) => {
        if (retried === true)
          auditLateRetry(ctx, { ...record, summary: { ...record.summary, answeredLate: true } });
        // The API is stopping and Redis has still not answered: the retry may run once it does,
        // with nobody left to record it, so the request is recorded now as of unknown outcome.
        else if (retried === "unknown")
          auditLateRetry(ctx, { ...record, summary: { ...record.summary, unansweredAtStop: true } });
      },
    });
    const retried = await unlessStalled(
      retrying,
      "the retry may still run once Redis answers; it is audited then (or, should the API stop first, as it stops)",
    );
    if (!retried) throw new NotFoundError("FailedJob");
    await audit(record);
  });
  if (!workspaceId) grantRead(ctx, "FailedJob", job.id); // operator checked above
  return { ...job, workspaceId };
}

/**
 * The audit entry of a retry that answered after its bound and did retry the job: the caller was
 * answered UNAVAILABLE and the request's transaction (its entry with it) rolled back, but the job
 * runs, so the chain records it now, by the same actor. Written after the job may already have
 * run; close() waits for the write like for an active job. Also the entry of one still unanswered
 * when the API stops (`unansweredAtStop`): it may run later, and this is the last chance to say so.
 */
function auditLateRetry(ctx: GraphQLContext, record: AuditRecord): void {
  const writing = ctx
    .mutate((_tx, audit) => audit(record))
    .catch((err: unknown) =>
      ctx.logger.error(
        { err, job: record.target },
        record.summary?.unansweredAtStop
          ? "a retry still unanswered at stop may run the job, but its audit entry could not be written"
          : "a retry answered late ran the job, but its audit entry could not be written",
      ),
    );
  ctx.jobs.holdCloseFor(writing);
}

/**
 * The queue's answer; a Redis that did not answer in time (the BullMQ queue's bound) is the
 * caller's UNAVAILABLE, to try again, rather than an internal error.
 */
async function unlessStalled<T>(work: Promise<T>, meanwhile?: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RedisTimeoutError)
      throw new UnavailableError(`Job queue: ${error.message}${meanwhile ? `; ${meanwhile}` : ""}`);
    throw error;
  }
}

function decodeJobId(globalId: string): { name: string; id: string } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw new NotFoundError("FailedJob");
  }
  const slash = decoded.id.indexOf("/");
  if (decoded.typename !== "FailedJob" || slash <= 0) throw new NotFoundError("FailedJob");
  return { name: decoded.id.slice(0, slash), id: decoded.id.slice(slash + 1) };
}
