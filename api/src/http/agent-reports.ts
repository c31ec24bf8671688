import { normalizedExecutor } from "@graphql-tools/executor";
import type { ExecutionArgs, ExecutionResult, GraphQLError } from "graphql";
import type { CompiledOperations } from "./compiled-operations.ts";
import { withErrorCodes } from "./error-codes.ts";
import { forgetRequestCache } from "./request-cache-release.ts";

/** What the agent's report needs of the GraphQL layer when it runs outside envelop. */
export interface AgentReportPath {
  compiled: CompiledOperations;
  /** operation-limits.ts: pricing, the caller's budget and turns; a refusal is the result. */
  runLimited<R>(args: ExecutionArgs, run: () => Promise<R>): Promise<R | { errors: readonly GraphQLError[] }>;
  /** observability/metrics.ts: starts timing an execution; the function counts it by its result. */
  observe(document: ExecutionArgs["document"], operationName?: string | null): (result: unknown) => void;
  /** yoga's masking of unexpected errors (undefined when masking is off). */
  maskError?: (error: GraphQLError) => GraphQLError;
}

/**
 * Executes an agent's known report document (persisted-operations.ts) on its socket by its
 * precompiled plan, without envelop's execute chain. That chain, for this one document, was the
 * plugins below one after another, each with its promise and closure per call; here they are
 * called directly, in the order and with the outcomes envelop gives them (graphql-http.ts):
 * limits first (a refusal ends it there, uncounted, as `setResultAndStopExecution` does), then
 * the execution, then metrics, error codes and yoga's masking of unexpected errors. Variables
 * that do not coerce are answered by yoga's executor, as compiledOperationsPlugin does, so their
 * errors read as they always have (ws-persisted-report.test.ts compares both paths' answers).
 * The caller has already done what graphql-ws.ts does for every operation: admission, the
 * socket's work cap, the document charge and the credential re-check.
 */
export async function executeAgentReport(
  path: AgentReportPath,
  args: ExecutionArgs,
): Promise<ExecutionResult> {
  const query = path.compiled.compiledFor(args);
  let counted: ((result: unknown) => void) | undefined;
  const result = (await path.runLimited(args, async () => {
    counted = path.observe(args.document, args.operationName);
    try {
      const compiled = query
        ? await query.query(args.rootValue, args.contextValue, args.variableValues)
        : undefined;
      // yoga's own executor, as the ordinary path's fallback is (it marks these errors HTTP 400).
      return compiled && "data" in compiled
        ? compiled
        : ((await normalizedExecutor(args)) as ExecutionResult);
    } finally {
      // The operation is over: nothing of it reads its scope cache again (request-cache-release.ts).
      forgetRequestCache(args.contextValue);
    }
  })) as ExecutionResult;
  if (!counted) return result;
  counted(result);
  const coded = withErrorCodes(result);
  const { maskError } = path;
  if (!maskError || !coded.errors?.length) return coded;
  return { ...coded, errors: coded.errors.map((error) => maskError(error)) };
}
