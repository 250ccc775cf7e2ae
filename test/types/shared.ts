// Type-level assertions shared by the consumers (no runtime code).

/** True when A and B are the same type. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only for `true`. */
export function assertType<T extends true>(): T | void {}

/** Compiles only when `value` is assignable to T. */
export function accepts<T>(value: T): T {
  return value;
}
