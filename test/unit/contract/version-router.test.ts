import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startVersionRouter } from "../../prism/prism-server.js";

// The router in front of the Prism mocks: the contract suites send without retries, so a socket the
// router drops between two requests is a failed case ("other side closed").

const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A stand-in for Prism that answers with its own connection headers, as Node servers do. */
async function startUpstream(): Promise<string> {
  return listen(
    createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "keep-alive": "timeout=5" });
      res.end(JSON.stringify({ path: req.url }));
    }),
  );
}

/** Sends one keep-alive GET on a raw socket and resolves with the whole answer's text. */
function exchange(socket: Socket, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (text.includes(`"path":"${path.replace(/^\/v\d+/, "")}"}`)) {
        socket.off("data", onData);
        resolve(text);
      }
    };
    socket.on("data", onData);
    socket.once("close", () => reject(new Error(`connection closed before the answer to ${path}`)));
    socket.once("error", reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  });
}

describe("the Prism version router", () => {
  it("keeps an idle client connection open past Node's default 5 s keep-alive", { timeout: 30_000 }, async () => {
    const router = await startVersionRouter({ v1: await startUpstream() });
    servers.push(router.server);
    const { port } = new URL(router.url);
    const socket = connect(Number(port), "127.0.0.1");
    sockets.push(socket);
    let closedAt: number | null = null;
    socket.once("close", () => {
      closedAt = Date.now();
    });

    const first = await exchange(socket, "/v1/company/1");
    expect(first).toContain('{"path":"/company/1"}');
    const idleFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6_500));

    expect(closedAt === null ? null : closedAt - idleFrom, "ms after which the router closed the idle socket").toBeNull();
    expect(await exchange(socket, "/v1/company/2")).toContain('{"path":"/company/2"}');
    expect(first.toLowerCase(), "Prism's own keep-alive hint is not passed on").not.toContain("keep-alive: timeout=5");
  });
});
