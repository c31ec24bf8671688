import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { builder } from "./builder.ts";
import { repoRoot } from "./config.ts";

const version: string = JSON.parse(readFileSync(resolve(repoRoot, "package.json"), "utf8")).version;

const ServerInfoRef = builder.objectRef<{ name: string; version: string }>("ServerInfo").implement({
  description: "Public facts about this Levee server",
  fields: (t) => ({ name: t.exposeString("name"), version: t.exposeString("version") }),
});

builder.queryField("serverInfo", (t) =>
  t.field({
    type: ServerInfoRef,
    description: "This server's product name and version (public)",
    resolve: () => ({ name: "Levee", version }),
  }),
);
