import { z } from "zod";
import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { mutationErrors } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import {
  type FailedJobView,
  failedJobGlobalId,
  listFailedJobs,
  retryFailedJob,
} from "./failed-job.service.ts";

// A tenant's job: its OWNERs and ADMINs (workspace:update). A system job has no workspace: only
// the service's operator check grants it (grantRead), so no role reads one by itself.
guardNodeType("FailedJob", {
  permission: "workspace:update",
  workspaceOf: (job) => (job as FailedJobView).workspaceId,
});
const FailedJobRef = builder.objectRef<FailedJobView>("FailedJob").implement({
  authScopes: readableScopes("FailedJob"),
  description: "A background job whose attempts are exhausted; kept until retried",
  fields: (t) => ({
    id: t.id({ resolve: failedJobGlobalId }),
    name: t.exposeString("name", { description: "Job name, e.g. telemetry.refresh-minute-rollups" }),
    workspaceId: t.id({
      nullable: true,
      description: "The workspace it belongs to; null for system jobs",
      resolve: (job) => (job.workspaceId ? encodeGlobalID("Workspace", job.workspaceId) : null),
    }),
    data: t.field({ type: "JSON", resolve: (job) => job.data }),
    error: t.exposeString("error", { description: "The last attempt's error" }),
    attempts: t.exposeInt("attempts"),
    failedAt: t.expose("failedAt", { type: "DateTime" }),
  }),
});

builder.queryField("failedJobs", (t) =>
  t.field({
    type: [FailedJobRef],
    description:
      "Jobs whose attempts are exhausted, newest first: a workspace's (OWNER/ADMIN), or without workspaceId the system jobs (operators: owners of the root workspace)",
    args: {
      workspaceId: t.arg.id({ required: false }),
      name: t.arg.string({ required: false, validate: z.string().max(128) }),
      first: t.arg.int({ defaultValue: 50, validate: z.number().int().min(1).max(200) }),
    },
    resolve: (_root, args, ctx) =>
      listFailedJobs(ctx, {
        workspaceId: args.workspaceId ? idOf(args.workspaceId, "Workspace", "workspaceId") : null,
        name: args.name,
        first: args.first ?? 50,
      }),
  }),
);

const RetryFailedJobInput = builder.inputType("RetryFailedJobInput", {
  fields: (t) => ({ jobId: t.id({ description: "FailedJob.id" }) }),
});
const RetryFailedJobPayload = builder.objectRef<{ job: FailedJobView }>("RetryFailedJobPayload").implement({
  fields: (t) => ({
    job: t.field({
      type: FailedJobRef,
      description: "The job as it failed; it now runs again",
      resolve: (p) => p.job,
    }),
  }),
});

builder.mutationField("retryFailedJob", (t) =>
  t.field({
    description:
      "Runs a failed job (see failedJobs) again. A workspace's job needs workspace:update there (ADMIN and OWNER; signed-in members only); a system job, an operator (an owner of the root workspace)",
    type: RetryFailedJobPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RetryFailedJobInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ job: await retryFailedJob(ctx, String(input.jobId)) }),
  }),
);
