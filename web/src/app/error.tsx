"use client";

import { LoadFailure } from "@/components/ui/load-failure";

/** Any failure while loading a page outside the dashboard: the page's only main landmark. */
export default function ErrorPage(props: Parameters<typeof LoadFailure>[0]) {
  return <LoadFailure {...props} landmark />;
}
