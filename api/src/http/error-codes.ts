import { type ExecutionResult, GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

/** The error with `code` as its extensions.code, unless it has one. */
export const withCode = (error: GraphQLError, code: string) =>
  error.extensions?.code
    ? error
    : new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: error.originalError,
        extensions: { ...error.extensions, code },
      });

/**
 * An execution's result with a code on every error of bad input: errors with no path come from
 * coercing variables, before any resolver ran; Pothos's own input checks (e.g. a malformed
 * global ID argument) throw PothosValidationError. The same result when there is nothing to code.
 */
export function withErrorCodes<R extends ExecutionResult>(result: R): R {
  if (!result.errors?.length) return result;
  const badInput = (e: GraphQLError) => !e.path || e.originalError?.name === "PothosValidationError";
  return {
    ...result,
    errors: result.errors.map((e) => (badInput(e) ? withCode(quotingLess(e), "BAD_USER_INPUT") : e)),
  };
}

/**
 * Input errors quote the input (graphql-js a variable's value, Pothos a global ID: "Invalid
 * global ID: <all of it>"): a 100,000-character ID came back whole. Cut at MAX_INPUT_MESSAGE.
 */
const MAX_INPUT_MESSAGE = 500;
function quotingLess(error: GraphQLError): GraphQLError {
  if (error.message.length <= MAX_INPUT_MESSAGE) return error;
  return new GraphQLError(`${error.message.slice(0, MAX_INPUT_MESSAGE)}… (cut)`, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/**
 * graphql-js reports bad variables and invalid documents without an `extensions.code`;
 * give every such error one so clients can branch on codes alone.
 */
export function errorCodesPlugin(): Plugin {
  return {
    onValidate:
      () =>
      ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED")));
      },
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        if (!("errors" in result) || !result.errors?.length) return;
        setResult(withErrorCodes(result));
      },
    }),
  };
}
