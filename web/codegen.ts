// GraphQL Code Generator (client preset): every `graphql(\`…\`)` document under src/ is checked against the
// committed ../schema.graphql and gets result and variable types in src/lib/graphql/generated/ (committed;
// `npm run codegen -w @levee/web` regenerates, and a test fails when it drifts). documentMode "string" emits
// plain strings with phantom types, so the browser ships no graphql-js parser or AST.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/lib/graphql/generated/**"],
  ignoreNoDocuments: false,
  generates: {
    "src/lib/graphql/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        scalars: { DateTime: "string", JSON: "unknown", File: "File" },
      },
    },
  },
};

export default config;
