// Bundles the agent into one ES module for production (agent/dist/levee-agent.mjs), run by plain
// `node` — no TypeScript loader in the daemon, which saves ~20 MB of RSS. The libpcap binding stays
// external (a native addon, resolved from node_modules next to the install).
// Usage: npm run bundle -w @levee/agent
import { build } from "esbuild";

const outfile = new URL("../dist/levee-agent.mjs", import.meta.url).pathname;
await build({
  entryPoints: [new URL("../bin/levee-agent.ts", import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["pcap"],
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __levee_require } from 'node:module'; const require = __levee_require(import.meta.url);",
  },
  legalComments: "none",
  logLevel: "warning",
});
process.stdout.write(`${outfile}\n`);
