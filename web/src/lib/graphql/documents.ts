// GraphQL documents the web app sends to the Levee API, each a string constant carrying its result and
// variable types, so serverFetch/clientFetch infer `data` without a code generator.

declare const resultType: unique symbol;
declare const variablesType: unique symbol;

/** A GraphQL document string tagged (type-level only) with its `data` and `variables` shapes. */
export type TypedDocument<TData, TVariables = Record<string, never>> = string & {
  readonly [resultType]?: TData;
  readonly [variablesType]?: TVariables;
};

function gql<TData, TVariables = Record<string, never>>(source: string): TypedDocument<TData, TVariables> {
  return source as TypedDocument<TData, TVariables>;
}

export interface ServerInfo {
  name: string;
  version: string;
}

export interface Viewer {
  id: string;
  email: string;
  name: string;
  memberships: ReadonlyArray<{ role: string; workspace: { id: string; slug: string; name: string } }>;
}

/** Every failure member of the API's `Error` interface (AuthenticationError, ValidationError, …). */
export interface ApiErrorResult {
  __typename: string;
  code: string;
  message: string;
}

/** Success of `login` and `signup`: the session token itself only travels in the levee_session cookie. */
export interface SessionPayload {
  __typename: string;
  user: { id: string; email: string; name: string };
  expiresAt: string;
}

export const SERVER_INFO_QUERY = gql<{ serverInfo: ServerInfo }>(/* GraphQL */ `
  query ServerInfo {
    serverInfo { name version }
  }
`);

const VIEWER_FIELDS = /* GraphQL */ `
  me {
    id email name
    memberships { role workspace { id slug name } }
  }
`;

export const VIEWER_QUERY = gql<{ me: Viewer | null }>(/* GraphQL */ `
  query Viewer { ${VIEWER_FIELDS} }
`);

/** The home page's data in one round trip: API identity plus the signed-in user (null when signed out). */
export const HOME_QUERY = gql<{ serverInfo: ServerInfo; me: Viewer | null }>(/* GraphQL */ `
  query Home {
    serverInfo { name version }
    ${VIEWER_FIELDS}
  }
`);

export const LOGIN_MUTATION = gql<
  { login: SessionPayload | ApiErrorResult },
  { input: { email: string; password: string } }
>(/* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      __typename
      ... on SessionPayload { user { id email name } expiresAt }
      ... on Error { code message }
    }
  }
`);

export const LOGOUT_MUTATION = gql<{ logout: boolean }>(/* GraphQL */ `
  mutation Logout { logout }
`);

/** Success is told apart by shape, not __typename, so renaming the payload type only touches the document. */
export function isSessionPayload(result: SessionPayload | ApiErrorResult): result is SessionPayload {
  return "user" in result && !("code" in result);
}
