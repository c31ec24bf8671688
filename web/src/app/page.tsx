import { AccountSummary } from "@/components/account-summary";
import { ApiStatus } from "@/components/api-status";
import { BrandHeader } from "@/components/brand-header";
import { HOME_QUERY, type ServerInfo, type Viewer } from "@/lib/graphql/documents";
import { ApiError, serverFetch } from "@/lib/graphql/server-fetch";

// Always render per request: the page reads the session cookie and live API state.
export const dynamic = "force-dynamic";

interface HomeState {
  serverInfo: ServerInfo | null;
  viewer: Viewer | null | undefined;
  failure: string | null;
  errors: string[];
}

async function loadHome(): Promise<HomeState> {
  try {
    const { data, errors } = await serverFetch(HOME_QUERY);
    return {
      serverInfo: data?.serverInfo ?? null,
      // A failed `me` (data null) is "unknown", not "signed out".
      viewer: data ? data.me : undefined,
      failure: null,
      errors: errors.map((error) => error.message),
    };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { serverInfo: null, viewer: undefined, failure: error.message, errors: [] };
  }
}

export default async function HomePage() {
  const { serverInfo, viewer, failure, errors } = await loadHome();
  return (
    <>
      <BrandHeader />
      <ApiStatus serverInfo={serverInfo} failure={failure} errors={errors} />
      <AccountSummary viewer={viewer} />
    </>
  );
}
