/** True for a promise or anything promise-like (a store or provider may return its own kind). */
export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === "function";
