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
    errors: result.errors.map((e) =>
      badInput(e) ? withCode(quotingLess(withVariablePath(e)), "BAD_USER_INPUT") : e,
    ),
  };
}

/**
 * graphql-js's words for a variable its type refused: `Variable "$f" got invalid value … at
 * "f.since"; …` (no ` at …` for the variable itself). The value is quoted with its quotes escaped,
 * so ` at "` followed by an unescaped path and `"; ` is graphql-js's own: the last one is taken.
 */
const BAD_VARIABLE = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /;
const AT_PATH = /^[\s\S]* at "([^"\\]+)"; /;

/**
 * A scalar refusing a variable's value (DateTime: "yesterday") knows no path, so its fieldErrors
 * said `path: ""`: a client mapping them onto its own inputs had nothing to go by. The variable's
 * path is in graphql-js's message (`f.since`, or the variable's name alone), and goes there.
 */
export function withVariablePath(error: GraphQLError): GraphQLError {
  const fieldErrors = error.extensions?.fieldErrors;
  if (!Array.isArray(fieldErrors) || !fieldErrors.some((f) => f?.path === "")) return error;
  const named = BAD_VARIABLE.exec(error.message);
  if (!named) return error;
  const path = AT_PATH.exec(error.message.slice(named[0].length))?.[1] ?? named[1];
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: {
      ...error.extensions,
      fieldErrors: fieldErrors.map((f) => (f?.path === "" ? { ...f, path } : f)),
    },
  });
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
