// Runs a TypeScript entry point (the API, the web server, the agent) as plain JavaScript: bundles
// it with esbuild into `<package>/.build/` and reuses that bundle as long as every source file in it
// is unchanged. A cold start under the `tsx` loader spends most of its time resolving and
// transforming hundreds of modules through loader hooks; the bundle is one file node loads at once.
// Packages from node_modules are bundled in too, except those in RUN_FROM_PACKAGE_FOLDER: resolving
// and loading ~125 packages' files one by one (ESM resolution, the CJS lexer, a stat and a read
// each) was ~0.7 s of the API's 1.7 s module phase on every start. A source's dynamic import()
// becomes a chunk of its own, loaded when first called, with the packages only it imports (BullMQ,
// Redis, gRPC: an embedded start never loads them).
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { currentBundle, digest, FORMAT, manifestFileOf, root } from "./bundle-manifest.mjs";

/**
 * Packages that stay external: loaded by node at run time from the package folder, because they
 * find their own files by their own path (__dirname, import.meta.url), which a bundle would
 * change: PGlite's WebAssembly and data files, pino's and thread-stream's worker files, the native
 * addons of libpcap and msgpackr, ioredis's package.json, gRPC's .proto files; and the web
 * server's Next.js and React, which load their compiled app from disk. BullMQ stays with its
 * ioredis and msgpackr. `precompile.test.ts` fails when a bundled package refers to its own path.
 */
const RUN_FROM_PACKAGE_FOLDER = [
  "@electric-sql/pglite",
  "pino",
  "thread-stream",
  "pcap",
  "bullmq",
  "ioredis",
  "msgpackr",
  "msgpackr-extract",
  "@grpc/grpc-js",
  "@grpc/proto-loader",
  "protobufjs",
  "next",
  "react",
  "react-dom",
];
const runsFromPackageFolder = (specifier: string) =>
  RUN_FROM_PACKAGE_FOLDER.some((name) => specifier === name || specifier.startsWith(`${name}/`));

/**
 * What stands for the bundled packages in a manifest: npm's record of the installed tree, which
 * every install rewrites (hashing ~1,900 package files at each start would cost what bundling saves).
 */
const INSTALLED_TREE = ["node_modules/.package-lock.json", "package-lock.json"];

/** Bundles no manifest names any more are removed once this old and no running process was started from them. */
const STALE_MS = 60 * 60_000;

interface Manifest {
  format: number;
  /**
   * The repository root it was built in: each source's import.meta.url is baked in as an absolute
   * path, so a bundle copied elsewhere (a multi-stage image) would read the old tree's files.
   */
  root: string;
  /** The bundle, relative to the build folder. */
  bundle: string;
  /** Every source file in the bundle (relative to the repository root) with its content hash. */
  inputs: Record<string, string>;
}

/**
 * The path of an up-to-date bundle of `entry` (absolute), building it first when a source changed
 * (about a second). Safe when several processes start at once: each builds into a folder of its own
 * and the manifest naming the current one is replaced by rename.
 */
export async function precompiled(entry: string): Promise<string> {
  const manifestFile = manifestFileOf(entry);
  const buildDir = dirname(manifestFile);
  const name = basename(manifestFile, ".json");
  const ready = currentBundle(manifestFile);
  if (ready) return ready;

  const { build } = await import("esbuild");
  // Hashed before the build, as the sources are: an install finishing during the build must not be
  // recorded as the tree this bundle was built from.
  const tree = INSTALLED_TREE.find((file) => existsSync(join(root, file)));
  const treeDigest = tree ? digest(join(root, tree)) : undefined;
  const folder = `${name}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const outdir = join(buildDir, folder);
  const outfile = join(outdir, `${name}.mjs`);
  const compiled = new Map<string, string>();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outdir,
    entryNames: "[name]",
    outExtension: { ".js": ".mjs" },
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    // Stack traces name the source file and line; the sources themselves stay out of the map
    // (--enable-source-maps parses it at every start: 11 MB with them, 3 MB without).
    sourcesContent: false,
    // Bundled CommonJS packages call require() for node's modules and their optional parts.
    banner: {
      js: 'import { createRequire as __leveeCreateRequire } from "node:module"; const require = __leveeCreateRequire(import.meta.url);',
    },
    metafile: true,
    logLevel: "warning",
    plugins: [
      {
        name: "levee-sources",
        setup(b) {
          // Packages that find their own files: loaded by node at run time, from the bundle's package folder.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            runsFromPackageFolder(args.path) ? { path: args.path, external: true } : undefined,
          );
          // Each source keeps its own import.meta.url (files found beside a source, the repository
          // root in config.ts, Prisma's generated client), as if it ran from where it is.
          b.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => {
            // A package's own TypeScript (rare) is compiled as published.
            if (args.path.includes("/node_modules/")) return undefined;
            const raw = readFileSync(args.path);
            // The digest of what was compiled, not of the file after the build: a file saved while
            // esbuild runs would otherwise be recorded as built and its bundle reused stale.
            compiled.set(resolve(args.path), createHash("sha256").update(raw).digest("base64url"));
            const contents = raw.toString("utf8");
            return {
              contents: contents.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
              loader: args.path.endsWith("x") ? "tsx" : "ts",
            };
          });
        },
      },
    ],
  });
  const inputs: Record<string, string> = {};
  let packages = false;
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    if (input.includes("node_modules/")) packages = true;
    else inputs[input] = compiled.get(resolve(root, input)) ?? digest(join(root, input));
  }
  // The options above are part of what was built: a change to them (RUN_FROM_PACKAGE_FOLDER, say)
  // must rebuild, as a changed source does.
  inputs[relative(root, fileURLToPath(import.meta.url))] = digest(fileURLToPath(import.meta.url));
  if (packages && tree && treeDigest) inputs[tree] = treeDigest;
  const manifest: Manifest = { format: FORMAT, root, bundle: relative(buildDir, outfile), inputs };
  const temporary = `${manifestFile}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(manifest));
  renameSync(temporary, manifestFile);
  removeStale(buildDir, name, folder);
  return outfile;
}

/**
 * The node arguments that run `entry`: its bundle, or (the bundle cannot be built) the sources
 * through tsx, with the reason on stderr.
 */
export async function nodeArgs(entry: string): Promise<string[]> {
  // LEVEE_PRECOMPILE=false: the sources through tsx (to compare, or to rule the bundle out).
  if (process.env.LEVEE_PRECOMPILE === "false") return ["--import", "tsx", entry];
  try {
    return ["--enable-source-maps", await precompiled(entry)];
  } catch (error) {
    process.stderr.write(
      `${entry}: no precompiled bundle (${(error as Error).message}); running it with tsx\n`,
    );
    return ["--import", "tsx", entry];
  }
}

/**
 * Removes old bundles no manifest names, except those a running process was started from: with
 * code splitting a process loads chunks from its folder long after it started (a GoBGP speaker
 * configured a day later), so age alone does not make a folder unused.
 */
function removeStale(buildDir: string, name: string, keep: string) {
  let running: string[] | undefined;
  for (const entry of readdirSync(buildDir)) {
    if (entry === keep || !entry.startsWith(`${name}-`)) continue;
    const path = join(buildDir, entry);
    try {
      if (Date.now() - statSync(path).mtimeMs <= STALE_MS) continue;
      running ??= commandLines();
      if (running.some((line) => line.includes(`${path}/`))) continue;
      rmSync(path, { recursive: true, force: true });
    } catch {}
  }
}

/** The command lines of this machine's processes (Linux /proc; none elsewhere). */
function commandLines(): string[] {
  const lines: string[] = [];
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {}
  for (const pid of pids) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "));
    } catch {}
  }
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `node --import tsx scripts/precompile.ts api/src/main.ts ...`: builds (when needed) and prints each bundle.
  for (const entry of process.argv.slice(2)) process.stdout.write(`${await precompiled(resolve(entry))}\n`);
}
