export declare const KINDS: readonly ("redis" | "ioredis")[];
export interface Connected {
  kind: "redis" | "ioredis";
  client: unknown;
  close(): Promise<void>;
}
export declare function connectClient(kind: "redis" | "ioredis", url: string): Promise<Connected>;
