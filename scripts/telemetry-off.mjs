// `npm start` runs a self-hosted platform, often on a server whose operator has not agreed to any
// third party hearing from it: Turborepo's build step and Next.js both send anonymous usage
// telemetry unless told not to (turbo printed its notice on every first start). The launcher turns
// both off for the processes it starts; a value the operator set is passed on as it is.

/** Environment for the web build and server: telemetry off unless the operator set the variable. */
export function telemetryOff(env) {
  return {
    TURBO_TELEMETRY_DISABLED: env.TURBO_TELEMETRY_DISABLED ?? "1",
    NEXT_TELEMETRY_DISABLED: env.NEXT_TELEMETRY_DISABLED ?? "1",
  };
}
