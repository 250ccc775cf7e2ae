export declare function bundleHookseal(): Promise<{ file: string; remove(): void }>;
