// Providers on Standard Webhooks whose dashboards hand out the secret in a form of their own
// (Polar, Supabase): the standardWebhooks scheme under another name and secret rule. Called with
// /* @__PURE__ */ and plain identifiers, so a bundle that does not use the result drops the call
// (an object spread at the call site could not be dropped).
import type { Scheme, SecretRule } from "./scheme.js";
import { builtInScheme } from "./resolve.js";
import { standardWebhooks } from "./standard-webhooks.js";

/** `standardWebhooks` under `name`, reading string secrets with `secret` (key sizes in bytes). */
export function standardWebhooksWithSecret(
  name: string,
  secret: SecretRule,
  minSecretBytes: number,
  maxSecretBytes?: number,
): Scheme<{ timestamp: true; id: true; url: false }> {
  return builtInScheme({ ...standardWebhooks, name, secret, minSecretBytes, maxSecretBytes });
}
