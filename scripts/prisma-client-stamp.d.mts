// Types of prisma-client-stamp.mjs (plain JavaScript: `npm start`'s launcher reads it without TypeScript tooling).
export declare function schemaFileOf(root: string): string;
export declare function clientFileOf(root: string): string;
export declare function stampFileOf(root: string): string;
export declare function clientIsCurrent(root: string): boolean;
export declare function writeStamp(root: string): void;
