// Import-cycle check for the API (`npm run check:cycles`, run by .ci/run next to lint).
// Type-only imports count: a type cycle still ties the files into one unit a reader must hold
// at once. A cycle that is justified gets a named exception here, with its reason.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "api/src modules form no import cycle (type-only imports included)",
      from: { path: "^api/src" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)generated/" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "default", "node"] },
  },
};
