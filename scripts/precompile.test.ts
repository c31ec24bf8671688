import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { precompiled } from "./precompile.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The bundle and its chunks: everything a process started from it may load. */
function bundleFiles(bundle: string): string[] {
  const folder = dirname(bundle);
  const chunks = join(folder, "chunks");
  let names: string[] = [];
  try {
    names = readdirSync(chunks).filter((name) => name.endsWith(".mjs"));
  } catch {}
  return [bundle, ...names.map((name) => join(chunks, name))];
}

describe("precompiled bundles", () => {
  // A bundled package that finds its own files by __dirname, __filename, import.meta.url or
  // require.resolve would look for them beside the bundle (or, worse, beside the Prisma client,
  // which sets a global __dirname) and fail only when that code path first runs: such a package
  // belongs in RUN_FROM_PACKAGE_FOLDER.
  for (const entry of ["api/src/main.ts", "agent/bin/levee-agent.ts", "web/server.ts"])
    it(`${entry}: no bundled code refers to its own file path`, async () => {
      const bundle = await precompiled(join(root, entry));
      const found: string[] = [];
      for (const file of bundleFiles(bundle)) {
        const lines = readFileSync(file, "utf8").split("\n");
        lines.forEach((line, at) => {
          // A bare identifier: not a property (module.__filename) nor a string (globalThis["__dirname"]).
          // import.meta and require.resolve: our sources' import.meta.url is replaced by their own
          // path at build time, so any left (but the banner's createRequire) is a package's.
          const own =
            /(?<![."'`\w$])__(dirname|filename)\b/.test(line) ||
            /\brequire\.resolve\(/.test(line) ||
            (/\bimport\.meta\.(url|dirname|filename|resolve)\b/.test(line) &&
              !line.includes("__leveeCreateRequire(import.meta.url)"));
          if (own) found.push(`${file}:${at + 1}: ${line.trim().slice(0, 160)}`);
        });
      }
      assert.deepEqual(found, []);
    });
});
