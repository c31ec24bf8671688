import {
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  getNamedType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { ValidationError } from "../errors.ts";

/**
 * Every connection pages by its rows' UUID: Pothos's cursor is base64 of `GPC:S:<uuid>`. Pothos
 * refuses a cursor without its prefix, but hands any string after it to Prisma as the row id,
 * where "GPC:S:oops" or "GPC:N:5" failed the query as INTERNAL_SERVER_ERROR — and, for a nested
 * connection (`workspace.nodes`), the parent's query, taking the whole answer with it.
 */
const CURSOR = /^GPC:S:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isConnectionCursor(value: string): boolean {
  return value.length <= 64 && BASE64.test(value) && CURSOR.test(Buffer.from(value, "base64").toString());
}

/** The `after` / `before` arguments of connection fields in a document (none: an empty list). */
function cursorArguments(schema: GraphQLSchema, document: DocumentNode): ArgumentNode[] {
  const found: ArgumentNode[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const type = typeInfo.getFieldDef()?.type;
        if (!type || !getNamedType(type).name.endsWith("Connection")) return;
        for (const arg of node.arguments ?? [])
          if (arg.name.value === "after" || arg.name.value === "before") found.push(arg);
      },
    }),
  );
  return found;
}

/**
 * Refuses an operation whose connection cursor is not one the API handed out: BAD_USER_INPUT
 * before anything runs, as Pothos answers a cursor without its prefix.
 */
export function cursorArgumentsPlugin(): Plugin {
  const byDocument = new WeakMap<DocumentNode, ArgumentNode[]>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let cursors = byDocument.get(args.document);
      if (!cursors) {
        cursors = cursorArguments(args.schema, args.document);
        byDocument.set(args.document, cursors);
      }
      if (cursors.length === 0) return;
      const problems = [];
      for (const arg of cursors) {
        const value =
          arg.value.kind === Kind.VARIABLE
            ? args.variableValues?.[arg.value.name.value]
            : arg.value.kind === Kind.STRING
              ? arg.value.value
              : undefined;
        if (typeof value === "string" && !isConnectionCursor(value))
          problems.push({ path: arg.name.value, message: "is not a cursor of this connection" });
      }
      if (problems.length > 0) setResultAndStopExecution({ errors: [new ValidationError(problems)] });
    },
  };
}
