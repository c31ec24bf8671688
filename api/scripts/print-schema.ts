// Prints the GraphQL contract to ../schema.graphql (sorted, so diffs stay small).
// `--check` exits 1 when the committed file differs from what the code produces.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { printSchema } from "graphql";
import { repoRoot } from "../src/config.ts";
import { schema } from "../src/schema.ts";

const target = resolve(repoRoot, "schema.graphql");
const printed = `${printSchema(schema)}\n`;
if (process.argv.includes("--check")) {
  const committed = readFileSync(target, "utf8");
  if (committed !== printed) {
    console.error("schema.graphql is out of date: run `npm run schema` and commit it");
    process.exit(1);
  }
  console.log("schema.graphql is up to date");
} else {
  writeFileSync(target, printed);
  console.log(`wrote ${target}`);
}
