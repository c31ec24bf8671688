// Whether a precompiled bundle (scripts/precompile.ts) is current: plain JavaScript, so `npm start`'s
// launcher checks its bundles without loading TypeScript tooling (tsx costs it half a second of CPU
// before the API is even spawned). precompile.ts writes the manifests this reads.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Bumped when the bundle options change, so an old bundle is not reused with new options. */
export const FORMAT = 4;

/** @param {string} path */
export const digest = (path) => createHash("sha256").update(readFileSync(path)).digest("base64url");

/** @param {string} entry absolute path of a TypeScript entry point */
export function packageDirOf(entry) {
  for (let dir = dirname(resolve(entry)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      statSync(join(dir, "package.json"));
      return dir;
    } catch {}
  }
  throw new Error(`no package.json above ${entry}`);
}

/** @param {string} entry */
export function manifestFileOf(entry) {
  const name = basename(entry).replace(/\.[cm]?tsx?$/, "");
  return join(packageDirOf(entry), ".build", `${name}.json`);
}

/**
 * The bundle `manifestFile` names when it was built here, with today's options, and every source in it has
 * the content hash recorded; otherwise undefined (to be rebuilt).
 * @param {string} manifestFile
 * @returns {string | undefined}
 */
export function currentBundle(manifestFile) {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    // Built in another folder: its sources' paths (import.meta.url) point there.
    if (manifest.format !== FORMAT || manifest.root !== root) return undefined;
    for (const [input, hash] of Object.entries(manifest.inputs))
      if (digest(join(root, input)) !== hash) return undefined;
    const bundle = join(dirname(manifestFile), manifest.bundle);
    statSync(bundle);
    return bundle;
  } catch {
    return undefined;
  }
}
