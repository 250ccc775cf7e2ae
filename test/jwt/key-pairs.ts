// Key pairs for the public-key JWT suites, generated once per test file with node:crypto, and
// the key forms a receiver may be given.
import { generateKeyPairSync, type KeyObject } from "node:crypto";

export type PublicAlgorithm = "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
export const PUBLIC_ALGORITHMS: readonly PublicAlgorithm[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

export interface Pair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly publicPem: string;
  readonly privatePem: string;
  readonly publicJwk: JsonWebKey;
  readonly privateJwk: JsonWebKey;
}

function pair({ publicKey, privateKey }: { publicKey: KeyObject; privateKey: KeyObject }): Pair {
  return {
    publicKey,
    privateKey,
    publicPem: publicKey.export({ format: "pem", type: "spki" }) as string,
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }) as string,
    publicJwk: publicKey.export({ format: "jwk" }) as JsonWebKey,
    privateJwk: privateKey.export({ format: "jwk" }) as JsonWebKey,
  };
}

let cached: Readonly<Record<"rsa" | "p256" | "p384" | "p521" | "ed25519", Pair>> | undefined;

/** One pair per key type (made on first use). */
export function keyPairs() {
  cached ??= {
    rsa: pair(generateKeyPairSync("rsa", { modulusLength: 2048 })),
    p256: pair(generateKeyPairSync("ec", { namedCurve: "P-256" })),
    p384: pair(generateKeyPairSync("ec", { namedCurve: "P-384" })),
    p521: pair(generateKeyPairSync("ec", { namedCurve: "P-521" })),
    ed25519: pair(generateKeyPairSync("ed25519")),
  };
  return cached;
}

/** The pair that signs `alg`. */
export function pairFor(alg: PublicAlgorithm): Pair {
  const pairs = keyPairs();
  if (alg.startsWith("RS") || alg.startsWith("PS")) return pairs.rsa;
  if (alg === "ES256") return pairs.p256;
  if (alg === "ES384") return pairs.p384;
  if (alg === "ES512") return pairs.p521;
  return pairs.ed25519;
}
