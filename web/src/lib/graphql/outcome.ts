// Mutations answer with a union of a payload and typed errors (ValidationError, NotFoundError, …). This turns
// transport failures, GraphQL errors and error members into one shape a form can show. Pure, for node:test.
import type { GraphQLResult } from "./request";

export interface FieldProblem {
  path: string;
  message: string;
}

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; code: string; message: string; fieldErrors: readonly FieldProblem[] };

interface ErrorMember {
  __typename: string;
  code: string;
  message: string;
  fieldErrors?: readonly FieldProblem[];
}

function isErrorMember(value: unknown): value is ErrorMember {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}

/** Picks the mutation's field out of `data` and tells its payload from its error members. */
export function outcomeOf<TData, TPayload>(
  result: GraphQLResult<TData>,
  pick: (data: TData) => TPayload | ErrorMember,
): Outcome<Exclude<TPayload, ErrorMember>> {
  if (!result.data) {
    const first = result.errors[0];
    const code = typeof first?.extensions?.code === "string" ? first.extensions.code : "ERROR";
    return { ok: false, code, message: first?.message ?? "The API returned no data.", fieldErrors: [] };
  }
  const value = pick(result.data);
  if (isErrorMember(value)) {
    return { ok: false, code: value.code, message: value.message, fieldErrors: value.fieldErrors ?? [] };
  }
  return { ok: true, value: value as Exclude<TPayload, ErrorMember> };
}

/** Whether a problem's path names an input field (`input.name` and `name` both name "name"). */
export const pathNames = (path: string, field: string) => path === field || path.endsWith(`.${field}`);

/** The API's message for one input field (`input.name` matches field "name"), if any. */
export function fieldMessage(problems: readonly FieldProblem[], field: string): string | undefined {
  return problems.find((p) => pathNames(p.path, field))?.message;
}
