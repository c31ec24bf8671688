import { encodeGlobalID } from "../global-id.ts";

/**
 * Where an alert sends people: the web app's pages live under `/w/<workspace slug>/…` and name an
 * incident by its relay ID (what `Incident.id` answers), so a bare `/incidents/<uuid>` is a 404.
 */
export function incidentLink(webUrl: string, workspaceSlug: string, incidentId: string): string {
  return `${incidentsLink(webUrl, workspaceSlug)}/${encodeURIComponent(encodeGlobalID("Incident", incidentId))}`;
}

/** The workspace's incident list (a test message has no incident of its own). */
export function incidentsLink(webUrl: string, workspaceSlug: string): string {
  return `${webUrl}/w/${encodeURIComponent(workspaceSlug)}/incidents`;
}
