// detectScheme(): which built-in schemes a request's headers point to. A routing aid only.
import { headerValues, type HeadersLike } from "../lib/headers.js";
import { allSchemes } from "./all.js";
import type { Scheme } from "./scheme.js";

let schemes: readonly Scheme[] | undefined;

/** A header a scheme needs, present with a value that is not blank. */
const present = (headers: HeadersLike, name: string | undefined): boolean =>
  name === undefined || headerValues(headers, name).some((value) => value.trim() !== "");

/**
 * The built-in schemes whose headers are all present in `headers` (the signature header, and
 * the timestamp and id headers of schemes that have them), for a route that receives several
 * providers: a routing aid, **never authentication**. Anyone can send any header, so the route
 * must still verify the request with the scheme (and secret) it expects for that provider, and
 * several schemes can match one request (GitHub and Meta both send `X-Hub-Signature-256`).
 * Schemes whose signature header is the generic `Authorization` (`jwtBearer`, `okta()`) come
 * last. Unsigned endpoint checks (Meta's and Dropbox's GET challenges, X's CRC, Asana's
 * handshake) carry no signature header and are not detected: route them by path. A factory
 * scheme (`meta`, `okta`, `asana`…) is reported as made with its default options: compare
 * `name`, then use your own configured scheme.
 *
 * @example
 * ```ts
 * const routes = { github: { scheme: github, secret: env.GITHUB_SECRET }, stripe: { scheme: stripe, secret: env.STRIPE_SECRET } };
 * const route = detectScheme(request.headers).map((scheme) => routes[scheme.name as keyof typeof routes]).find(Boolean);
 * if (route === undefined) return new Response(null, { status: 404 });
 * const webhook = await verifyRequest(route.scheme, request, { secret: route.secret }); // still verified
 * ```
 */
export function detectScheme(headers: HeadersLike): Scheme[] {
  schemes ??= allSchemes();
  const found = schemes.filter(
    (scheme) => present(headers, scheme.signatureHeader) && present(headers, scheme.timestamp?.header) && present(headers, scheme.idHeader),
  );
  const generic = (scheme: Scheme) => (scheme.signatureHeader === "authorization" ? 1 : 0);
  return found.sort((a, b) => generic(a) - generic(b));
}
