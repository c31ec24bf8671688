import type { ServerInfo } from "@/lib/graphql/documents";
import { Card } from "./card";

interface ApiStatusProps {
  serverInfo: ServerInfo | null;
  /** Set when the API could not be reached or answered with something other than GraphQL. */
  failure: string | null;
  errors: readonly string[];
}

export function ApiStatus({ serverInfo, failure, errors }: Readonly<ApiStatusProps>) {
  return (
    <Card title="API">
      {failure ? (
        <div role="alert" className="text-danger">
          <p className="font-medium">{failure}</p>
          <p className="mt-1 text-sm text-muted">
            Start the API (npm run dev) or point LEVEE_API_URL at a running Levee API.
          </p>
        </div>
      ) : serverInfo ? (
        <p className="flex items-center gap-2">
          <span aria-hidden className="h-2.5 w-2.5 rounded-full bg-success" />
          Connected to <span className="font-mono">{serverInfo.name}</span>
          <span className="font-mono text-muted">v{serverInfo.version}</span>
        </p>
      ) : (
        <p className="text-warning">The API answered without server info.</p>
      )}
      {errors.length > 0 && (
        <ul className="mt-3 list-disc pl-5 text-sm text-danger">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}
