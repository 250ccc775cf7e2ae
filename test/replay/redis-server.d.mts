export declare const MISSING_REDIS: string;
export declare function freePort(): Promise<number>;
export declare function ping(port: number, timeoutMs?: number): Promise<boolean>;
export interface RedisServer {
  port: number;
  url: string;
  pid: number;
  stop(): Promise<void>;
}
export declare function startRedis(options?: { readyTimeoutMs?: number }): Promise<RedisServer>;
export declare function redisCommand(port: number, ...args: (string | number)[]): Promise<string | number | null>;
