import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BUNDLE_BYTES, SpecFetchError, fetchBundle, type FetchOptions } from "../../../scripts/lib/fetch-bundles.js";

/** A download that would buffer whatever the server sends is capped; small synthetic specs of our own. */

const GOOD = `openapi: 3.1.0
info: { title: Synthetic widgets, version: "1" }
paths:
  /widgets:
    get:
      operationId: listWidgets
      responses: { "200": { description: ok } }
`;

/** Writes `total` bytes of YAML comment lines without a length, honouring backpressure; stops when the client goes. */
function stream(res: ServerResponse, total: number): void {
  res.writeHead(200, { "content-type": "application/yaml" });
  const chunk = Buffer.alloc(16 * 1024, "#\n");
  let sent = 0;
  const more = (): void => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", more);
    }
    res.end();
  };
  more();
}

const ROUTES: Record<string, (res: ServerResponse) => void> = {
  ok: (res) => res.writeHead(200, { "content-type": "application/yaml" }).end(GOOD),
  endless: (res) => stream(res, 4 * 1024 * 1024),
  // Declares a body larger than the cap, then sends nothing of it.
  huge: (res) => res.writeHead(200, { "content-length": String(MAX_BUNDLE_BYTES + 1) }).flushHeaders(),
};

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = ROUTES[(req.url ?? "").split("/")[1] ?? ""];
    if (route) route(res);
    else res.writeHead(418).end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

async function failure(route: string, options: FetchOptions = {}): Promise<SpecFetchError> {
  const error = await fetchBundle("b2b-v1", { baseUrl: `${origin}/${route}`, timeoutMs: 2_000, ...options }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SpecFetchError)) throw new Error(`expected a SpecFetchError from /${route}, got ${String(error)}`);
  return error;
}

describe("fetchBundle caps the size of a download", () => {
  it("is 64 MiB by default, far above a real bundle (under 2 MB)", () => {
    expect(MAX_BUNDLE_BYTES).toBe(64 * 1024 * 1024);
  });

  it("stops reading a body without a length once it passes the limit, naming the URL and the limit", async () => {
    const error = await failure("endless", { maxBytes: 64 * 1024 });
    expect(error.kind).toBe("too-large");
    expect(error.message).toBe(`b2b-v1: GET ${origin}/endless/b2b-v1/openapi.yaml sent more than the limit of 65536 bytes`);
  });

  it("refuses a declared length above the default limit before the body comes, not after the timeout", async () => {
    const error = await failure("huge");
    expect(error.kind).toBe("too-large");
    expect(error.message).toBe(`b2b-v1: GET ${origin}/huge/b2b-v1/openapi.yaml sent more than the limit of 64 MiB`);
  });

  it("takes a bundle of exactly the limit and refuses one byte more", async () => {
    const size = Buffer.byteLength(GOOD);
    const bundle = await fetchBundle("b2b-v1", { baseUrl: `${origin}/ok`, maxBytes: size });
    expect(bundle).toMatchObject({ text: GOOD, bytes: size, operations: 1 });
    expect((await failure("ok", { maxBytes: size - 1 })).kind).toBe("too-large");
  });
});
