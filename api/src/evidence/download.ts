import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { AppServices } from "../context.ts";
import { checkDownload } from "./signed-url.ts";
import { evidenceSigningKey } from "./signing-key.ts";

/**
 * GET /evidence/<id>.pcap?expires=…&sig=… — the signed link is the credential (it is handed
 * only to callers who may read the incident, and lives 15 minutes). Expired links get 410,
 * altered ones 403, captures since deleted 404.
 */
export async function serveEvidence(services: AppServices, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://levee.local");
  const check = checkDownload(url, await evidenceSigningKey(services));
  const refuse = (status: number, message: string) => {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
    res.end(`${message}\n`);
  };
  if (!check.ok) return refuse(check.status, check.reason);
  const capture = await services.database.prisma.incidentCapture.findUnique({
    where: { id: check.captureId },
  });
  const size = capture ? await services.evidence.size(capture.storageKey) : null;
  if (!capture || size === null) return refuse(404, "the capture no longer exists (retention or deletion)");
  res.writeHead(200, {
    "content-type": "application/vnd.tcpdump.pcap",
    "content-length": String(size),
    "content-disposition": `attachment; filename="levee-incident-${capture.incidentId}.pcap"`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  });
  if (req.method === "HEAD") return res.end();
  await pipeline(services.evidence.open(capture.storageKey), res);
}
