import { Skeleton } from "./feedback";

/**
 * The dashboard's loading.tsx (re-exported per route segment). Pages that take an id from the URL
 * (nodes/[nodeId], incidents/[incidentId]) have none on purpose: a Suspense boundary above them lets the
 * response start (status 200) before the API can answer NOT_FOUND, and an unknown or foreign id must get a
 * real 404 status. The list pages sit in route groups ((list), (overview)) so their skeleton does not wrap
 * those id pages.
 */
export default function RouteLoading() {
  return <Skeleton rows={4} label="Loading" />;
}
