import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Where the cluster is made: inside the data folder, so moving it in never crosses a filesystem. */
export const STAGING = ".initdb-staging";

/**
 * Makes sure `dataDir` holds a whole PostgreSQL cluster before PGlite opens it.
 *
 * PGlite runs initdb in the folder it is given, and calls a folder with a PG_VERSION file a
 * cluster. initdb writes PG_VERSION early, so a first start killed during it (Ctrl-C a few seconds
 * into the first `npm start`) left a folder PGlite "resumes" for ever, every start failing with
 * "language plpgsql does not exist". Here the cluster is made in a subfolder, then moved up entry
 * by entry with PG_VERSION last: a kill at any point leaves no PG_VERSION at the top, so the next
 * start makes the cluster again. The subfolder is inside `dataDir` (not beside it) because
 * `dataDir` may be a mount point: a rename from beside it would cross filesystems (EXDEV).
 */
export async function ensureInitialisedFolder(
  dataDir: string,
  initialise: (dir: string) => Promise<void>,
): Promise<void> {
  const staging = join(dataDir, STAGING);
  if (existsSync(join(dataDir, "PG_VERSION"))) {
    // Left by a start killed after PG_VERSION was moved up, before the staging folder went.
    rmSync(staging, { recursive: true, force: true });
    return;
  }
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await initialise(staging);
  if (!existsSync(join(staging, "PG_VERSION"))) throw new Error(`initdb left no cluster in ${staging}`);
  const entries = readdirSync(staging).filter((name) => name !== "PG_VERSION");
  for (const name of [...entries, "PG_VERSION"]) {
    // Left by a start killed while moving: the staged copy is whole, this one may not be.
    rmSync(join(dataDir, name), { recursive: true, force: true });
    renameSync(join(staging, name), join(dataDir, name));
  }
  rmSync(staging, { recursive: true, force: true });
}
