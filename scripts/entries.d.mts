// Types of scripts/entries.mjs, for tsup.config.ts.
export declare const entries: Record<string, { source: string; crypto: "node" | "web" }>;
export declare function defaultCryptoSource(crypto: "node" | "web"): string;
