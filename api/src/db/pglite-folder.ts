import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * Makes sure `dataDir` holds a whole PostgreSQL cluster before PGlite opens it.
 *
 * PGlite runs initdb in the folder it is given, and calls a folder with a PG_VERSION file a
 * cluster. initdb writes PG_VERSION early, so a first start killed during it (Ctrl-C a few seconds
 * into the first `npm start`) left a folder PGlite "resumes" for ever, every start failing with
 * "language plpgsql does not exist". Here the cluster is made in a sibling folder, then moved in
 * entry by entry with PG_VERSION last: a kill at any point leaves no PG_VERSION in `dataDir`, so
 * the next start makes the cluster again. (Entry by entry rather than one rename: `dataDir` may be
 * a mount point.) The caller holds the data folder's lock, which covers the sibling too.
 */
export async function ensureInitialisedFolder(
  dataDir: string,
  initialise: (dir: string) => Promise<void>,
): Promise<void> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return;
  const staging = `${dataDir}.initdb`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await initialise(staging);
  if (!existsSync(join(staging, "PG_VERSION"))) throw new Error(`initdb left no cluster in ${staging}`);
  mkdirSync(dataDir, { recursive: true });
  const entries = readdirSync(staging).filter((name) => name !== "PG_VERSION");
  for (const name of [...entries, "PG_VERSION"]) {
    // Left by a start killed while moving: the staging copy is whole, this one may not be.
    rmSync(join(dataDir, name), { recursive: true, force: true });
    renameSync(join(staging, name), join(dataDir, name));
  }
  rmSync(staging, { recursive: true, force: true });
}
