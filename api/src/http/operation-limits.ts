import type { IncomingMessage } from "node:http";
import {
  type DocumentNode,
  type execute,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  isAbstractType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  typeFromAST,
  type ValueNode,
  valueFromAST,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import type { GraphQLContext } from "../context.ts";
import { asHeavyWork } from "../db/heavy-work.ts";
import { LeveeError } from "../errors.ts";
import { rateKeyOf } from "./caller.ts";
import { CallerTurns } from "./caller-turns.ts";
import { clientGone } from "./client-gone.ts";
import { CostBudget } from "./cost-budget.ts";
import { HeavyOperationGate } from "./heavy-operation-gate.ts";

export interface OperationLimits {
  maxCost: number;
  /** Pages (first/last) assumed when not given, and their ceiling (the connections enforce both). */
  defaultPage: number;
  maxPage: number;
  /** Longest list any argument (or list inside an input object) may hold… */
  maxListLength: number;
  /**
   * …except these, by `Type.field.argument` (e.g. reportTelemetry's samples). These count per
   * operation, all aliases together: 30 aliases of nodes(ids:) share one allowance of 100 ids.
   */
  listLengthOverrides: Readonly<Record<string, number>>;
  /**
   * Items a list field without list arguments is priced at, by `Type.field` (else 1): traffic
   * points, a day's uptime. For a field in listSizeArguments, the most it can return.
   */
  listSizes: Readonly<Record<string, number>>;
  /**
   * List fields whose length an argument bounds, by `Type.field` → the argument's name
   * (`Incident.timeline(maxPoints:)`): priced at what that argument asks for (its default when
   * not given), never above listSizes' figure.
   */
  listSizeArguments?: Readonly<Record<string, string>>;
  /**
   * Added to a field's price, by `Type.field`: a field whose one query reads or writes every
   * node of a workspace costs what its size does, not what its few output fields do.
   */
  fieldCosts?: Readonly<Record<string, number>>;
}

const DEFAULT_LIST_SIZE = 1;

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
 * is the page size for connections (first/last, default 50, at most 200), the length of the
 * longest list argument for list fields (`nodes(ids:)`), the argument that bounds a list's
 * length (`timeline(maxPoints:)`), a stated size for other list fields (traffic points 1,000),
 * else 1.
 */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: OperationLimits,
): LimitProblem | undefined {
  return priceOperation(schema, document, operationName, variables, limits).problem;
}

/**
 * What pricing learnt of one operation of a parsed document (the parser's cache hands back the
 * same DocumentNode for the same text, so the agent's per-second report reuses it): its cost
 * when no variable can change it, and the fields whose arguments must still be bounded per call.
 */
interface PricePlan {
  /** Set when no variable reaches a fan-out (page sizes, list arguments of list fields). */
  staticCost?: number;
  /** Every field taking arguments, in walk order (one entry per visit, as the totals count them). */
  argumentFields: { field: GraphQLField<unknown, unknown>; node: FieldNode; path: string }[];
}

const plans = new WeakMap<DocumentNode, Map<string, PricePlan>>();

/** The operation's cost, and the first limit it breaks. */
export function priceOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: OperationLimits,
): { cost: number; problem?: LimitProblem } {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { cost: 0 };
  const root = schema.getRootType(operation.operation);
  if (!root) return { cost: 0 };
  const values = pricingValues(schema, operation, variables);
  const plan = plans.get(document)?.get(operationName ?? "");
  if (plan?.staticCost !== undefined) return priceByPlan(plan, plan.staticCost, values, limits);

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === "FragmentDefinition") fragments.set(definition.name.value, definition);
  let listProblem: LimitProblem | undefined;
  const totals = new Map<string, number>();
  const argumentFields: PricePlan["argumentFields"] = [];
  let variableFanOut = false;

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
    const path = `${parent.name}.${field.name}`;
    const args = node.arguments?.length ? argumentsOf(field, node, values) : {};
    if (node.arguments?.length) argumentFields.push({ field, node, path });
    listProblem ??=
      listTooLong(path, field, args, limits) ?? overOperationTotal(path, field, args, totals, limits);
    const surcharge = limits.fieldCosts?.[path] ?? 0;
    if (!node.selectionSet) return SCALAR_COST + surcharge;
    // A connection's edges are its page, already counted on the field that took first/last.
    const isPage = "getFields" in parent && "pageInfo" in (parent as GraphQLObjectType).getFields();
    if (!isPage && hasFanOut(field) && node.arguments?.some((arg) => usesVariable(arg.value)))
      variableFanOut = true;
    const fanOut = isPage ? 1 : fanOutOf(path, field, args, limits);
    return OBJECT_COST + surcharge + fanOut * costOf(node.selectionSet, getNamedType(field.type), seen);
  };

  const cost = costOf(operation.selectionSet, root, new Set());
  if (listProblem) return { cost, problem: listProblem };
  if (!variableFanOut) {
    const byName = plans.get(document) ?? new Map<string, PricePlan>();
    byName.set(operationName ?? "", { staticCost: cost, argumentFields });
    plans.set(document, byName);
  }
  return withinCost(cost, limits);
}

/** A document priced before: only its arguments are read again (list bounds), not the whole tree. */
function priceByPlan(
  plan: PricePlan,
  cost: number,
  values: Record<string, unknown>,
  limits: OperationLimits,
): { cost: number; problem?: LimitProblem } {
  const totals = new Map<string, number>();
  for (const { field, node, path } of plan.argumentFields) {
    const args = argumentsOf(field, node, values);
    const problem =
      listTooLong(path, field, args, limits) ?? overOperationTotal(path, field, args, totals, limits);
    if (problem) return { cost, problem };
  }
  return withinCost(cost, limits);
}

function withinCost(cost: number, limits: OperationLimits): { cost: number; problem?: LimitProblem } {
  if (cost > limits.maxCost) {
    const message = `Query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages or fewer fields`;
    return { cost, problem: { code: "QUERY_TOO_EXPENSIVE", message } };
  }
  return { cost };
}

/**
 * The variables as sent, with the operation's defaults for those not sent. Not coerced again:
 * execution coerces them (and refuses what does not fit its type); what pricing reads of them —
 * numbers, list lengths, input objects' fields — is the same before coercion for any value
 * execution accepts.
 */
function pricingValues(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const given = variables ?? {};
  let values: Record<string, unknown> | undefined;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.defaultValue === undefined || given[name] !== undefined) continue;
    const type = typeFromAST(schema, definition.type);
    values ??= { ...given };
    values[name] = type && isInputType(type) ? valueFromAST(definition.defaultValue, type) : undefined;
  }
  return values ?? given;
}

/** A field's arguments as pricing reads them: {} when they do not coerce (execution reports those). */
export function argumentsOf(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const passed = variablesPassed(field, node, values);
  if (passed) return passed;
  try {
    return getArgumentValues(field, node, values);
  } catch {
    // Bad arguments: execution reports them with a proper message; price as written.
    return {};
  }
}

/**
 * getArgumentValues' answer when every argument written is a bare variable (the agent's
 * `reportTelemetry(samples: $samples)`, priced on every report): the variables' values as sent,
 * defaults for the others; {} where getArgumentValues would throw (a required one missing or
 * null). Undefined for any other shape (literals are coerced by getArgumentValues), and for an
 * argument written twice (validation refuses it, but were a document priced unvalidated, the
 * first here and the last there could read a short list where execution gets the long one).
 * Without the lookup table and copies getArgumentValues makes for each call.
 */
function variablesPassed(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  values: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const written = node.arguments ?? [];
  for (const [i, argument] of written.entries()) {
    if (argument.value.kind !== Kind.VARIABLE) return undefined;
    for (let j = 0; j < i; j++) if (written[j]?.name.value === argument.name.value) return undefined;
  }
  const passed: Record<string, unknown> = {};
  for (const arg of field.args) {
    const argument = written.find((a) => a.name.value === arg.name);
    const variable = argument?.value.kind === Kind.VARIABLE ? argument.value.name.value : undefined;
    if (variable === undefined || !Object.hasOwn(values, variable)) {
      if (arg.defaultValue !== undefined) passed[arg.name] = arg.defaultValue;
      else if (isNonNullType(arg.type)) return {};
      continue;
    }
    const value = values[variable];
    // getArgumentValues refuses an undefined value whatever the type, and null for a non-null one.
    if (value === undefined || (value === null && isNonNullType(arg.type))) return {};
    passed[arg.name] = value;
  }
  return passed;
}

/** Whether a field's arguments can multiply its children (page sizes, lists of ids). */
function hasFanOut(field: GraphQLField<unknown, unknown>): boolean {
  return (
    field.args.some((arg) => arg.name === "first" || arg.name === "last") ||
    isListType(getNullableType(field.type))
  );
}

function usesVariable(value: ValueNode): boolean {
  if (value.kind === "Variable") return true;
  if (value.kind === "ListValue") return value.values.some(usesVariable);
  if (value.kind === "ObjectValue") return value.fields.some((field) => usesVariable(field.value));
  return false;
}

/** Bounded lists count per operation, all aliases together (see listLengthOverrides). */
function overOperationTotal(
  path: string,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  totals: Map<string, number>,
  limits: OperationLimits,
): LimitProblem | undefined {
  const keys = argumentPaths(path, field);
  for (const [i, arg] of field.args.entries()) {
    const key = keys[i] as string;
    const max = limits.listLengthOverrides[key];
    const value = args[arg.name];
    if (max === undefined || value === null || value === undefined) continue;
    // Read as sent: a single item for a list is one item (as coercion wraps it).
    const total = (totals.get(key) ?? 0) + (Array.isArray(value) ? value.length : 1);
    totals.set(key, total);
    if (total > max)
      return {
        code: "BAD_USER_INPUT",
        message: `${arg.name} lists ${total} items across this operation; at most ${max} are allowed`,
      };
  }
  return undefined;
}

/** The error a client gets for a refused operation (extensions.code is what clients branch on). */
export function limitError(problem: LimitProblem): GraphQLError {
  return new LeveeError(problem.message, problem.code);
}

function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isAbstractType(parent)) {
    if ("getFields" in parent)
      return (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>)[name];
  }
  return undefined;
}

function fanOutOf(
  path: string,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  limits: OperationLimits,
) {
  const page = [args.first, args.last].find((value) => typeof value === "number") as number | undefined;
  const isConnection = field.args.some((arg) => arg.name === "first" || arg.name === "last");
  if (isConnection) return Math.min(Math.max(page ?? limits.defaultPage, 0), limits.maxPage);
  if (isListType(getNullableType(field.type))) {
    const bound = limits.listSizeArguments?.[path];
    if (bound !== undefined) {
      const most = limits.listSizes[path] ?? DEFAULT_LIST_SIZE;
      // A field written without arguments is priced with {} (no coercion): its default is read here.
      const asked = args[bound] ?? field.args.find((arg) => arg.name === bound)?.defaultValue;
      return typeof asked === "number" ? Math.min(Math.max(asked, 0), most) : most;
    }
    const lengths = Object.values(args).map((value) => (Array.isArray(value) ? value.length : 0));
    const longest = Math.max(0, ...lengths);
    return longest > 0 ? longest : (limits.listSizes[path] ?? DEFAULT_LIST_SIZE);
  }
  return 1;
}

const argumentPathsOf = new WeakMap<GraphQLField<unknown, unknown>, { of: string; paths: string[] }>();

/**
 * `Type.field.argument` of each of the field's arguments (listLengthOverrides' keys), kept: the
 * agent's report looks its bound up on every call, and a string built anew is hashed anew.
 */
function argumentPaths(fieldPath: string, field: GraphQLField<unknown, unknown>): string[] {
  const known = argumentPathsOf.get(field);
  if (known?.of === fieldPath) return known.paths;
  const paths = field.args.map((arg) => `${fieldPath}.${arg.name}`);
  argumentPathsOf.set(field, { of: fieldPath, paths });
  return paths;
}

/** The first list (in any argument, at any depth of an input object) longer than its bound. */
function listTooLong(
  fieldPath: string,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  limits: OperationLimits,
): LimitProblem | undefined {
  const paths = argumentPaths(fieldPath, field);
  for (const [i, arg] of field.args.entries()) {
    const path = paths[i] as string;
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
    if (isListType(nullable)) {
      // Variables are read as sent: a single item for a list is one item (as coercion wraps it).
      const items = Array.isArray(value) ? value : [value];
      if (items.length > max)
        return {
          code: "BAD_USER_INPUT",
          message: `${at} has ${items.length} items; at most ${max} are allowed`,
        };
      if (!canHoldList(nullable.ofType)) return undefined;
      for (const [i, item] of items.entries()) {
        const problem = inspect(item, nullable.ofType, `${at}.${i}`, limits.maxListLength);
        if (problem) return problem;
      }
    } else if (isInputObjectType(nullable) && typeof value === "object") {
      for (const inner of fieldsHoldingLists(nullable)) {
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

/**
 * Applies the limits to every execution and subscription (HTTP and graphql-ws alike). An
 * allowed but heavy operation (over a tenth of the limit) runs only when no other heavy one
 * is running in this process, so ordinary operations pass straight through a flood of them,
 * and heavy ones back to back take at most `heavyShare` of the time (heavy-operation-gate.ts).
 * Waiting heavy operations queue per caller (rate key: API key, session or address) and are
 * served in turn, caller by caller; a caller with `heavyPerCaller` already running or waiting
 * is refused RATE_LIMITED at once, as is anyone when 64 wait in all. Heavy SQL shares a few
 * of the pool's connections (DATABASE_HEAVY_CONNECTIONS), never all of them. Operations below
 * the heavy threshold spend each caller's cost budget (`costPerSecond`, cost-budget.ts), a
 * document no cache has seen its document budget (by size, the same rate, a shorter burst), and
 * run together per caller up to a twentieth of the limit, back to back at most half the
 * process's time (caller-turns.ts; those under a thousandth of the limit pass freely).
 */
export function operationLimitsPlugin(
  limits: OperationLimits & {
    heavyPerCaller: number;
    /** Of the process's time, the most heavy operations may take back to back (0–1]. */
    heavyShare: number;
    /** Cost a caller may spend per second on operations below the heavy threshold (0: no budget). */
    costPerSecond: number;
    /**
     * Waits before a refusal is answered (the rate limiter's hold, under the caller's key; with
     * `queue`, the client's lifetime, in the caller's line for a held place until it aborts).
     */
    holdRefusal: (rateKey: string, queue?: AbortSignal) => Promise<void>;
    /**
     * The caller's rate key from the request alone, when known without the database (http/caller.ts
     * `knownRateKey`): a document no cache has seen is then charged before it is parsed.
     */
    rateKeyOfRequest?: (request: Request, serverContext: unknown) => string | undefined;
  },
): Plugin & {
  /**
   * Charges a document no cache has seen to the caller's document budget before it is parsed: the
   * one pre-parse charge of HTTP requests (onParams) and graphql-ws operations (graphql-ws.ts).
   * Answers the refusal (after holding it, until `gone` aborts) when the caller cannot afford it.
   */
  chargeNewDocument(
    rateKey: string,
    text: unknown,
    gone?: AbortSignal,
    /** Told before the refusal is held (a graphql-ws socket counts it apart from its work). */
    holding?: () => void,
  ): Promise<GraphQLError | undefined> | undefined;
  /** Runs `run` under the limits onExecute applies; a refusal is the result (agent-reports.ts). */
  runLimited<R>(args: LimitedArgs, run: () => Promise<R>): Promise<R | { errors: GraphQLError[] }>;
} {
  const gate = new HeavyOperationGate(1, limits.heavyPerCaller, 64, limits.heavyShare);
  const heavy = limits.maxCost / 10;
  // A page of 200 nodes with their detection state is priced ~5,000 and costs ~50 ms of the event
  // loop (160 KB of result): a caller's budget burst of ten of them, run at once, stood in front
  // of everyone's requests for half a second. A caller's operations run together up to a price of
  // a twentieth of the limit (one such page, or a dashboard page's queries in two waves), and back
  // to back take at most half the process's time, whatever their shape; the cheapest pass freely.
  // While more than one caller is present, all callers' operations over the cheapest together take
  // at most PROCESS_SHARE of the time: two abusive callers at half each were the whole process,
  // and an ordinary caller's cheap query waited behind their work at every step.
  const turns = new CallerTurns(limits.maxCost / 20, CALLER_SHARE, undefined, PROCESS_SHARE);
  const tiny = limits.maxCost / 1000;
  // A burst of BUDGET_BURST_SECONDS' budget may be spent at once (one dashboard page sends all its
  // queries with one session: ~10,000 for a workspace of four nodes, and a second tab or a live
  // refresh shares it), never less than the heaviest ungated operation; the sustained rate is
  // still costPerSecond, and what is spent of the burst beyond one second's worth comes back at
  // BURST_REFILL of it (an attack pausing between pulses no longer gets the whole burst each time).
  const budget = new CostBudget(
    limits.costPerSecond,
    Math.max(heavy, limits.costPerSecond * BUDGET_BURST_SECONDS),
    undefined,
    limits.costPerSecond > 0
      ? { from: limits.costPerSecond, perSecond: limits.costPerSecond * BURST_REFILL }
      : undefined,
  );
  // Parsing and validating a document no cache has seen is work too (a unique 30-alias mutation
  // took ~15 ms, more than most executions): charged by the document's size — not by the time it
  // took, which a busy machine would stretch into refusals of ordinary pages — to a budget of its
  // own, at the same rate but with a burst of DOCUMENT_BURST_SECONDS. Clients that keep their
  // documents (dashboards, agents, integrators using variables) pay it once per process, as the
  // cache is the process's; a flood of unique documents (aliased sign-in guesses, each new) spent
  // the five seconds' burst of the execution budget at once: ~20 parses, ~300 ms of the event
  // loop, at the start of each attack (bench:abuse, mean ratio ~3.2× against ~2.1× with one
  // second's burst, same sitting). Never less than the heavy threshold (10,000 at the default), as
  // the execution budget: a lower GRAPHQL_COST_PER_SECOND must still let a dashboard page's new
  // documents (~5 of 400–1,200 characters) through at once after the API starts.
  const documentBudget = new CostBudget(
    limits.costPerSecond,
    Math.max(heavy, limits.costPerSecond * DOCUMENT_BURST_SECONDS),
  );
  const documentWork = new WeakMap<object, number>();
  const seenDocuments = new RecentSet(1_000);
  const priceDocument = (context: object, source: unknown) => {
    const text = typeof source === "string" ? source : String((source as { body?: string })?.body ?? "");
    if (seenDocuments.addIfNew(text)) documentWork.set(context, text.length * COST_PER_DOCUMENT_CHAR);
  };
  const price = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: Record<string, unknown> | null;
  }) => priceOperation(args.schema, args.document, args.operationName, args.variableValues, limits);
  // A caller that cannot afford parsing a new document is refused before it is parsed: 30
  // aliased sign-ins took ~15 ms to parse and validate, and the refusal used to come only after.
  // Undefined at once for a document seen (or paid for) now; a promise only for a refusal.
  const chargeNewDocument = (
    rateKey: string,
    text: unknown,
    gone?: AbortSignal,
    holding?: () => void,
  ): Promise<GraphQLError | undefined> | undefined => {
    if (typeof text !== "string" || seenDocuments.has(text)) return undefined;
    const waitMs = documentBudget.spend(rateKey, text.length * COST_PER_DOCUMENT_CHAR);
    // Seen only once paid for: a refused text is charged again when it comes back.
    if (waitMs <= 0) return void seenDocuments.addIfNew(text);
    holding?.();
    // Held until its client goes away at the latest: a closed request or socket gives its place back.
    return limits.holdRefusal(rateKey, gone).then(() => overBudgetError(waitMs));
  };
  /**
   * The limits of one execution, before it runs: its price, the caller's budget, then a turn
   * (or the heavy gate). A refusal (held first, as every refusal is), or the place it holds
   * until it ends (none for the cheapest).
   */
  const admitExecution = async (
    args: LimitedArgs,
  ): Promise<{ refusal: GraphQLError } | { release?: () => void; heavy: boolean }> => {
    const { cost, problem } = price(args);
    if (problem) return { refusal: limitError(problem) };
    const { principal, request } = args.contextValue as unknown as Pick<
      GraphQLContext,
      "principal" | "request"
    >;
    const rateKey = rateKeyOf(principal, request.ip);
    turns.present(rateKey);
    // Refusals wait in the caller's line for a held place while their client is there (a
    // graphql-ws socket, an HTTP request).
    const { clientGone, refusalHeld } = args.contextValue as {
      clientGone?: AbortSignal;
      /** Told before a refusal is held: a graphql-ws socket's work cap does not count it. */
      refusalHeld?: () => void;
    };
    if (cost < heavy) {
      // A document first seen at parse (its caller known only then) pays its parse now; refused,
      // the execution is too (the parse, already done, stays paid).
      const parsing = documentWork.get(args.contextValue as object) ?? 0;
      const waitMs = (parsing > 0 && documentBudget.spend(rateKey, parsing)) || budget.spend(rateKey, cost);
      if (waitMs > 0) {
        refusalHeld?.();
        await limits.holdRefusal(rateKey, clientGone);
        return { refusal: overBudgetError(waitMs) };
      }
      if (cost < tiny) return { heavy: false };
      // Its client gone while it waited (a closed request or socket): its place is freed, nothing runs.
      const turn = await turns.enter(rateKey, cost, clientGone);
      if (!turn) return { refusal: clientGoneError() };
      return { release: turn, heavy: false };
    }
    const release = await gate.enter(rateKey, clientGone);
    if (release === undefined) return { refusal: clientGoneError() };
    if (!release) {
      refusalHeld?.();
      await limits.holdRefusal(rateKey, clientGone);
      return { refusal: busyError() };
    }
    // Its time rests the other callers' lines too, as theirs does (the process's share).
    const charged = turns.track(rateKey, cost);
    return {
      release: () => {
        charged();
        release();
      },
      heavy: true,
    };
  };
  return {
    chargeNewDocument,
    /**
     * Runs `run` under the same limits as onExecute, outside envelop (the agent's report on its
     * socket, agent-reports.ts): a refusal is the result, and the place is given back once the
     * run has settled, whichever way.
     */
    async runLimited<R>(args: LimitedArgs, run: () => Promise<R>): Promise<R | { errors: GraphQLError[] }> {
      const admitted = await admitExecution(args);
      if ("refusal" in admitted) return { errors: [admitted.refusal] };
      const { release, heavy: isHeavy } = admitted;
      if (!release) return run();
      try {
        return await (isHeavy ? asHeavyWork(run) : run());
      } finally {
        release();
      }
    },
    async onParams({ request, params, context, setResult }) {
      const rateKey = limits.rateKeyOfRequest?.(request, context);
      if (rateKey === undefined) return;
      const req = (context as { req?: IncomingMessage }).req;
      const refused = await chargeNewDocument(rateKey, params.query, clientGone(request, req));
      if (refused) setResult({ errors: [refused] });
    },
    onParse: ({ context, params }) => priceDocument(context, params.source),
    async onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const admitted = await admitExecution(args);
      if ("refusal" in admitted) return setResultAndStopExecution({ errors: [admitted.refusal] });
      if (!admitted.release) return;
      // Its SQL runs through the heavy share of the pool (db/heavy-work.ts), not all of it.
      const run: ExecuteFn = admitted.heavy
        ? (executeArgs) => asHeavyWork(() => executeFn(executeArgs))
        : executeFn;
      return runHolding(admitted.release, run, setExecuteFn);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const { problem } = price(args);
      if (problem) setResultAndStopExecution({ errors: [limitError(problem)] });
    },
  };
}

type ExecuteFn = typeof execute;

/** What limits read of an execution's arguments. */
type LimitedArgs = {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  contextValue?: unknown;
};

/**
 * Runs the execution holding a place (a gate slot, a caller's turn), given back once, on
 * whichever comes first: envelop skips onExecuteDone when execution rejects, and a place never
 * given back would stop the caller's work for good.
 */
function runHolding(release: () => void, run: ExecuteFn, setExecuteFn: (fn: ExecuteFn) => void) {
  let released = false;
  const done = () => {
    if (released) return;
    released = true;
    release();
  };
  setExecuteFn(async (executeArgs) => {
    try {
      return await run(executeArgs);
    } catch (error) {
      done();
      throw error;
    }
  });
  return { onExecuteDone: done };
}

/**
 * Cost charged per character of a document not seen lately: about what parsing and validating
 * it costs next to execution (a unique 2,400-character 30-alias mutation took ~15 ms; a page of
 * 200 nodes with their detection state, priced ~5,000, took ~36 ms to execute).
 */
const COST_PER_DOCUMENT_CHAR = 1;
/** Of the process's time, the most one caller's operations (below the heavy threshold) may take back to back. */
const CALLER_SHARE = 0.5;
/**
 * Of the process's time, the most all callers' operations over the cheapest (below the heavy
 * threshold, and the heavy ones through their gate) may take back to back while more than one
 * caller is present: the rest is the event loop's for everyone's cheap queries.
 */
const PROCESS_SHARE = 1 / 3;
/** Seconds of budget a caller may spend at once. */
const BUDGET_BURST_SECONDS = 5;
/**
 * The rate, as a share of costPerSecond, at which the burst beyond one second's budget comes back
 * (cost-budget.ts): all of it after ~40 s idle. bench:abuse, whose attacks pause 3 s between
 * pulses, two same-sitting pairs: mean ratio 1.76× and 1.97× against 1.99× and 2.18× with the
 * burst refilling at the full rate (the 200-node pages run per run: ~39 against ~71).
 */
const BURST_REFILL = 0.1;
/** Seconds of the document budget (the same rate, costPerSecond, by characters) a caller may spend at once. */
const DOCUMENT_BURST_SECONDS = 1;

/** The last `size` distinct strings (oldest forgotten first), as the parser's cache keeps them. */
class RecentSet {
  private readonly seen = new Set<string>();
  constructor(private readonly size: number) {}
  has(value: string): boolean {
    return this.seen.has(value);
  }
  /** true when `value` was not among the recent ones (it is now). */
  addIfNew(value: string): boolean {
    if (this.seen.has(value)) return false;
    if (this.seen.size >= this.size) this.seen.delete(this.seen.values().next().value as string);
    this.seen.add(value);
    return true;
  }
}

// Refusals are LeveeErrors: no stack trace to capture and source-map (errors.ts), one per refused request.
// Over HTTP they are answered as the request rate limit's are: 429 with Retry-After (errors.ts).
function overBudgetError(waitMs: number) {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new LeveeError(
    "You are asking for too much work per second (GRAPHQL_COST_PER_SECOND); retry shortly or ask for less",
    "RATE_LIMITED",
    { retryAfterSeconds, http: tooManyRequests(retryAfterSeconds) },
  );
}

function tooManyRequests(retryAfterSeconds: number) {
  return { status: 429, headers: { "retry-after": String(retryAfterSeconds) } };
}

/** Nobody reads it: the client went away while the operation waited for its turn. */
function clientGoneError() {
  return new LeveeError("The client went away before the operation's turn came", "CLIENT_GONE");
}

function busyError() {
  return new LeveeError(
    "Too many of your expensive operations are running or waiting; retry shortly or ask for less",
    "RATE_LIMITED",
    { retryAfterSeconds: 1, http: tooManyRequests(1) },
  );
}

const listFields = new WeakMap<GraphQLInputObjectType, GraphQLInputField[]>();

/**
 * The fields of an input object that can hold a list at any depth: only they are walked for list
 * bounds (a sample's capture summary; not its thirteen rates and counts, on every report).
 */
function fieldsHoldingLists(type: GraphQLInputObjectType): GraphQLInputField[] {
  let fields = listFields.get(type);
  if (!fields) {
    fields = Object.values(type.getFields()).filter((field) => canHoldList(field.type));
    listFields.set(type, fields);
  }
  return fields;
}

const holdsList = new WeakMap<GraphQLInputType, boolean>();

/**
 * Whether a value of this input type can contain a list at any depth: the agent's samples hold
 * none, so their fields are not walked on every report.
 */
function canHoldList(type: GraphQLInputType): boolean {
  const known = holdsList.get(type);
  if (known !== undefined) return known;
  // Only the answer for the type asked about is kept: one found while its own walk was still
  // open (a type reaching itself) could be missing a list met later in that walk.
  const reaches = (inner: GraphQLInputType, open: Set<GraphQLInputType>): boolean => {
    const nullable = getNullableType(inner);
    if (isListType(nullable)) return true;
    if (!isInputObjectType(nullable) || open.has(nullable)) return false;
    open.add(nullable);
    return Object.values(nullable.getFields()).some((field) => reaches(field.type, open));
  };
  const result = reaches(type, new Set());
  holdsList.set(type, result);
  return result;
}
