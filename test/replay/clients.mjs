// Connects a node-redis or an ioredis client, the way an application would, for the tests,
// their child processes and the replay benchmark.
import { Redis } from "ioredis";
import { createClient } from "redis";

export const KINDS = ["redis", "ioredis"];

/** `{ kind, client, close() }` connected to `url` (and ready) with the client `kind`. */
export async function connectClient(kind, url) {
  if (kind === "redis") {
    const client = createClient({ url });
    client.on("error", () => {}); // node-redis throws on an unheard error event
    await client.connect();
    return { kind, client, close: async () => (client.isOpen ? client.destroy() : undefined) };
  }
  if (kind === "ioredis") {
    const client = new Redis(url, { lazyConnect: true });
    client.on("error", () => {});
    await client.connect();
    return { kind, client, close: async () => client.disconnect() };
  }
  throw new Error(`unknown client kind ${kind}`);
}
