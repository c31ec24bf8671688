import { lexicographicSortSchema } from "graphql";
import { builder } from "./builder.ts";
import { sliceExecution } from "./http/execution-slices.ts";
import "./errors.schema.ts";
import "./server-info.schema.ts";
import "./auth/auth.schema.ts";
import "./auth/api-key.schema.ts";
import "./workspaces/workspace.schema.ts";
import "./workspaces/member.schema.ts";
import "./nodes/node.schema.ts";
import "./agents/agent.schema.ts";
import "./audit/audit.schema.ts";
import "./detection/detection.schema.ts";
import "./telemetry/telemetry.schema.ts";
import "./incidents/incident.schema.ts";
import "./analytics/analytics.schema.ts";
import "./evidence/evidence.schema.ts";
import "./classification/classification.schema.ts";
import "./operations/failed-job.schema.ts";
import "./mitigation/firewall/mitigation.schema.ts";
import "./alerts/alert.schema.ts";
import "./alerts/alert-routing.schema.ts";
import "./mitigation/network/network-mitigation.schema.ts";
import "./status-pages/status-page.schema.ts";
import "./branding/branding.schema.ts";

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

// Execution cut into slices, so a large result does not hold every other request up (http/execution-slices.ts).
export const schema = sliceExecution(lexicographicSortSchema(builder.toSchema()));
