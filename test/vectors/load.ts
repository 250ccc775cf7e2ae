// Reads the known-answer vectors: the repository's own copy, in test/vectors/data (see its README).
import { readFileSync } from "node:fs";

const VECTORS = new URL("./data/", import.meta.url);

export function loadVectors<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, VECTORS), "utf8")) as T;
}

/** The raw body of a vector: `payload_b64` is authoritative. */
export function payloadOf(vector: { payload_b64?: string }): Uint8Array {
  return new Uint8Array(Buffer.from(vector.payload_b64 ?? "", "base64"));
}

export const hexBytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));
