// Types of telemetry-off.mjs (plain JavaScript: `npm start`'s launcher reads it without TypeScript tooling).
export declare function telemetryOff(env: NodeJS.ProcessEnv): {
  TURBO_TELEMETRY_DISABLED: string;
  NEXT_TELEMETRY_DISABLED: string;
};
