#!/usr/bin/env -S node --import tsx
// levee-agent entry: everything happens in src/cli.ts (run it from the install folder, or as
// `node --import tsx /path/to/agent/bin/levee-agent.ts …`, so that tsx resolves).
import { main } from "../src/cli.ts";

// Exit explicitly: idle keep-alive connections to the API must not hold the process open.
process.exit(await main(process.argv.slice(2)));
