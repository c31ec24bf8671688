import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isInputObjectType,
  isListType,
  isObjectType,
  type SelectionSetNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";

export interface OperationLimits {
  maxCost: number;
  /** Pages (first/last) assumed when not given, and their ceiling (the connections enforce both). */
  defaultPage: number;
  maxPage: number;
  /** Longest list any argument (or list inside an input object) may hold… */
  maxListLength: number;
  /** …except these, by `Type.field.argument` (e.g. reportTelemetry's samples). */
  listLengthOverrides: Readonly<Record<string, number>>;
}

export type LimitProblem = { code: "BAD_USER_INPUT" | "QUERY_TOO_EXPENSIVE"; message: string };

const OBJECT_COST = 2;
const SCALAR_COST = 1;

/**
 * Prices an operation with its variables already substituted, so `first: $n` costs exactly
 * what `first: 200` does, and refuses any list argument longer than its bound (`nodes(ids:)`
 * with 55,000 ids). Runs at execution, where variables are known — validation rules (what
 * graphql-armor's cost limit is) only see literals.
 *
 * Cost: every object field 2 plus its children × the field's fan-out; every scalar 1. Fan-out
 * is the page size for connections (first/last, default 50, at most 200) and the length of the
 * longest list argument for list fields (`nodes(ids:)`), else 1.
 */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: OperationLimits,
): LimitProblem | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === "FragmentDefinition") fragments.set(definition.name.value, definition);
  // Bad variables: execution reports them with a proper message; price with what is usable.
  const resolved = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  const coerced = resolved.coerced ?? {};
  let listProblem: LimitProblem | undefined;

  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, seen: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (listProblem) return total;
      if (selection.kind === "FragmentSpread") {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) ?? parent;
        total += costOf(fragment.selectionSet, type, new Set([...seen, fragment.name.value]));
      } else if (selection.kind === "InlineFragment") {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += costOf(selection.selectionSet, type ?? parent, seen);
      } else {
        total += fieldCost(selection, parent, seen);
      }
    }
    return total;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType, seen: Set<string>): number => {
    const field = fieldOf(parent, node.name.value);
    if (!field) return SCALAR_COST;
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(field, node, coerced);
    } catch {
      // Bad arguments: execution reports them with a proper message; price as written.
    }
    listProblem ??= listTooLong(`${parent.name}.${field.name}`, field, args, limits);
    if (!node.selectionSet) return SCALAR_COST;
    const fanOut = fanOutOf(field, args, limits);
    return OBJECT_COST + fanOut * costOf(node.selectionSet, getNamedType(field.type), seen);
  };

  const cost = costOf(operation.selectionSet, root, new Set());
  if (listProblem) return listProblem;
  if (cost > limits.maxCost)
    return {
      code: "QUERY_TOO_EXPENSIVE",
      message: `Query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages or fewer fields`,
    };
  return undefined;
}

/** The error a client gets for a refused operation (extensions.code is what clients branch on). */
export function limitError(problem: LimitProblem): GraphQLError {
  return new GraphQLError(problem.message, { extensions: { code: problem.code } });
}

function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isAbstractType(parent)) {
    if ("getFields" in parent)
      return (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>)[name];
  }
  return undefined;
}

function fanOutOf(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  limits: OperationLimits,
) {
  const page = [args.first, args.last].find((value) => typeof value === "number") as number | undefined;
  const isConnection = field.args.some((arg) => arg.name === "first" || arg.name === "last");
  if (isConnection) return Math.min(Math.max(page ?? limits.defaultPage, 0), limits.maxPage);
  if (isListType(getNullableType(field.type))) {
    const lengths = Object.values(args).map((value) => (Array.isArray(value) ? value.length : 0));
    return Math.max(1, ...lengths);
  }
  return 1;
}

/** The first list (in any argument, at any depth of an input object) longer than its bound. */
function listTooLong(
  fieldPath: string,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  limits: OperationLimits,
): LimitProblem | undefined {
  for (const arg of field.args) {
    const path = `${fieldPath}.${arg.name}`;
    const max = limits.listLengthOverrides[path] ?? limits.maxListLength;
    const problem = inspect(args[arg.name], arg.type, arg.name, max);
    if (problem) return problem;
  }
  return undefined;

  function inspect(
    value: unknown,
    type: GraphQLInputType,
    at: string,
    max: number,
  ): LimitProblem | undefined {
    if (value === null || value === undefined) return undefined;
    const nullable = getNullableType(type);
    if (isListType(nullable) && Array.isArray(value)) {
      if (value.length > max)
        return {
          code: "BAD_USER_INPUT",
          message: `${at} has ${value.length} items; at most ${max} are allowed`,
        };
      for (const [i, item] of value.entries()) {
        const problem = inspect(item, nullable.ofType, `${at}.${i}`, limits.maxListLength);
        if (problem) return problem;
      }
    } else if (isInputObjectType(nullable) && typeof value === "object") {
      for (const inner of Object.values(nullable.getFields())) {
        const problem = inspect(
          (value as Record<string, unknown>)[inner.name],
          inner.type,
          `${at}.${inner.name}`,
          limits.maxListLength,
        );
        if (problem) return problem;
      }
    }
    return undefined;
  }
}

/** Applies checkOperation to every execution and subscription (HTTP and graphql-ws alike). */
export function operationLimitsPlugin(limits: OperationLimits): Plugin {
  const check = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: Record<string, unknown> | null;
  }) => checkOperation(args.schema, args.document, args.operationName, args.variableValues, limits);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const problem = check(args);
      if (problem) setResultAndStopExecution({ errors: [limitError(problem)] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const problem = check(args);
      if (problem) setResultAndStopExecution({ errors: [limitError(problem)] });
    },
  };
}
