// Starts and stops a real redis-server for the Redis tests and the replay benchmark: Debian's
// `redis-server` on 127.0.0.1, a free port, no persistence. Nothing is installed from here:
// a missing redis-server is a clear error (.ci/run installs it with apt-get).
import { spawn, spawnSync } from "node:child_process";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";

export const MISSING_REDIS =
  "redis-server is not installed, and the Redis replay-store tests need a real one. " +
  "Install Debian's package: `apt-get update && apt-get install -y redis-server` (.ci/run does this in CI).";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when a Redis on `port` answers PING with PONG within `timeoutMs`. */
export function ping(port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let answer = "";
    const done = (ok) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
    socket.once("error", () => done(false));
  });
}

/**
 * Starts redis-server and resolves once it answers PING: `{ port, url, stop() }`. `stop()`
 * ends it (SIGTERM, then SIGKILL) and resolves when the process is gone.
 */
export async function startRedis({ readyTimeoutMs = 10_000 } = {}) {
  const version = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (version.error !== undefined || version.status !== 0) throw new Error(MISSING_REDIS);

  let lastOutput = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"];
    const child = spawn("redis-server", args, { cwd: tmpdir(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    let gone = false;
    exited.then(() => (gone = true));
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit); // never leave a server behind if the run dies

    const deadline = Date.now() + readyTimeoutMs;
    while (!gone && Date.now() < deadline) {
      if (await ping(port)) {
        const stop = async () => {
          process.removeListener("exit", killOnExit);
          if (gone) return;
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
          await exited;
          clearTimeout(timer);
        };
        return { port, url: `redis://127.0.0.1:${port}`, pid: child.pid, stop };
      }
      await sleep(25);
    }
    process.removeListener("exit", killOnExit);
    if (!gone) child.kill("SIGKILL");
    await exited;
    lastOutput = output; // most likely the port was taken in between: try another
  }
  throw new Error(`redis-server did not start and answer PING:\n${lastOutput}`);
}

/** Sends one command to the Redis on `port` and resolves with its reply (no client library). */
export function redisCommand(port, ...args) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let buffer = "";
    socket.once("connect", () => socket.write(`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join("")));
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      const end = buffer.indexOf("\r\n");
      if (end < 0) return;
      const type = buffer[0];
      const head = buffer.slice(1, end);
      let reply;
      if (type === "$") {
        const length = Number(head);
        if (length < 0) reply = null;
        else if (buffer.length < end + 2 + length + 2) return;
        else reply = buffer.slice(end + 2, end + 2 + length);
      } else if (type === ":") reply = Number(head);
      else if (type === "+") reply = head;
      else if (type === "-") {
        socket.destroy();
        reject(new Error(head));
        return;
      } else reply = buffer;
      socket.destroy();
      resolve(reply);
    });
    socket.once("error", reject);
  });
}
