import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/lib/bundles.js";

const PRISM_BIN = join(REPO_ROOT, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
const READY_PATTERN = /Prism is listening on (http:\/\/\S+)/;

/** The mock document (normalised spec + vendor media type) served for one bundle. */
export function mockDocument(name: "b2b-v1" | "b2b-v2"): string {
  const file = join(REPO_ROOT, "openapi", "mock", `${name}.json`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run setup\` first`);
  return file;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningPrism {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `prism mock` (request validation on, static examples) and waits until it listens. */
export async function startPrism(document: string, timeoutMs = 90_000): Promise<RunningPrism> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [PRISM_BIN, "mock", "-h", "127.0.0.1", "-p", String(port), document], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = READY_PATTERN.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code}:\n${output.slice(-2000)}`));
    });
  });
  // Prism logs every request; keep draining its pipes so it never blocks on a full buffer.
  child.stdout?.removeAllListeners("data").resume();
  child.stderr?.removeAllListeners("data").resume();
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * One origin in front of both mocks, routing `/v1/*` and `/v2/*` to the matching Prism with the
 * prefix stripped, so an SDK client can use it as its `baseUrl` exactly like the real API's.
 */
// Idle client connections stay open far longer than any pause in a suite: with Node's default 5 s,
// a loaded test process could send its next request on a socket the router was closing that same
// moment ("other side closed"), and the suites send without retries.
export const ROUTER_KEEP_ALIVE_MS = 120_000;

// Towards Prism, one connection per request: reusing an idle one races Prism's own idle timeout.
const upstreamAgent = new Agent({ keepAlive: false });

/** Connection-level headers of Prism's answer, which describe its socket, not the router's. */
function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { connection: _connection, "keep-alive": _keepAlive, ...rest } = headers;
  return rest;
}

export async function startVersionRouter(targets: Readonly<Record<string, string>>): Promise<{ url: string; server: Server }> {
  const server = createServer({ keepAliveTimeout: ROUTER_KEEP_ALIVE_MS }, (req, res) => {
    const match = /^\/(v\d+)(\/.*)?$/.exec(req.url ?? "");
    const target = match?.[1] ? targets[match[1]] : undefined;
    if (!target) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`no mock for ${req.url}`);
      return;
    }
    const upstream = new URL(match?.[2] ?? "/", target);
    const headers = { ...endToEndHeaders(req.headers), host: upstream.host };
    const proxied = httpRequest(upstream, { method: req.method, headers, agent: upstreamAgent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
      answer.pipe(res);
    });
    proxied.on("error", (error) => res.writeHead(502, { "content-type": "text/plain" }).end(String(error)));
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
