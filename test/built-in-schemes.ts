// Every scheme an entry point exports, found by shape: tests that must cover each built-in.
import type { Scheme } from "../src/schemes/scheme.js";

export const isScheme = (value: unknown): value is Scheme =>
  value !== null && typeof value === "object" && typeof (value as Scheme).parse === "function" && typeof (value as Scheme).signatureHeader === "string";

/** The schemes among an entry point's exports, as `[export name, scheme]` pairs. */
export const schemesOf = (exports: object): [string, Scheme][] =>
  Object.entries(exports).flatMap(([name, value]: [string, unknown]): [string, Scheme][] => (isScheme(value) ? [[name, value]] : []));
