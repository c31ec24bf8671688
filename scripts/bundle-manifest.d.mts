// Types of bundle-manifest.mjs (plain JavaScript so the launcher runs without tsx).
export declare const root: string;
export declare const FORMAT: number;
export declare function digest(path: string): string;
export declare function packageDirOf(entry: string): string;
export declare function manifestFileOf(entry: string): string;
export declare function currentBundle(manifestFile: string): string | undefined;
