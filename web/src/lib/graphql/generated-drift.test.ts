import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";

const webDir = fileURLToPath(new URL("../../..", import.meta.url));

describe("generated GraphQL types", () => {
  it("match schema.graphql and the documents under src/ (run `npm run codegen -w @levee/web`)", async () => {
    const cwd = process.cwd();
    process.chdir(webDir);
    try {
      const { default: config } = await import(join(webDir, "codegen.ts"));
      const outputs: { filename: string; content: string }[] = await generate(
        { ...config, cwd: webDir, silent: true },
        false,
      );
      assert.ok(outputs.length >= 3);
      for (const { filename, content } of outputs) {
        const committed = readFileSync(join(webDir, filename), "utf8");
        assert.equal(committed, content, `${filename} is out of date`);
      }
    } finally {
      process.chdir(cwd);
    }
  });
});
