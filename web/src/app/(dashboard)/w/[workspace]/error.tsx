"use client";

import { LoadFailure } from "@/components/ui/load-failure";

/** A failure inside the dashboard: shown within the layout's <main>, beside the navigation. */
export default function WorkspaceError(props: Parameters<typeof LoadFailure>[0]) {
  return <LoadFailure {...props} />;
}
