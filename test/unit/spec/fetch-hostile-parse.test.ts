import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { bundlesDir } from "../../../scripts/lib/bundles.js";
import { SpecFetchError, fetchBundle, fetchOptionsFromEnv } from "../../../scripts/lib/fetch-bundles.js";
import { loadBundle } from "../../../scripts/lib/load-bundle.js";
import { OpenApiTextError, parseOpenApiText } from "../../../scripts/lib/openapi-parse.js";

/** Hostile or broken bundles, each a small synthetic document of our own. */

function spec(options: { servers?: string[]; operations?: number } = {}): string {
  const servers = options.servers ? `servers:\n${options.servers.map((url) => `  - url: ${url}\n`).join("")}` : "";
  const paths = Array.from(
    { length: options.operations ?? 2 },
    (_, i) => `  /widgets/${i}:\n    get:\n      operationId: getWidget${i}\n      responses:\n        "200":\n          description: ok\n`,
  ).join("");
  return `openapi: 3.1.0\ninfo:\n  title: Synthetic widgets\n  version: "1"\n${servers}paths:\n${paths}`;
}

/** `levels` nested levels of ten aliases each: 10^levels leaves once expanded. */
function aliasBomb(levels: number): string {
  const lines = ["  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < levels; i++)
    lines.push(
      `  a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  return `openapi: 3.1.0\ninfo: {title: bomb, version: "1"}\nx-bomb:\n${lines.join("\n")}\npaths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: *a${levels - 1}\n`;
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "altegio-fetch-hostile-parse-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function mirrorWith(label: string, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(scratch, `${label}-`));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, `${name}.openapi.yaml`), text);
  return dir;
}

async function fetchError(promise: Promise<unknown>): Promise<SpecFetchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SpecFetchError)) throw new Error(`expected a SpecFetchError, got ${String(error)}`);
  return error;
}

describe("YAML aliases", () => {
  it("refuses an alias bomb (the yaml package's alias guard stays on)", () => {
    expect(() => parseOpenApiText("bomb.yaml", aliasBomb(10))).toThrow(OpenApiTextError);
    expect(() => parseOpenApiText("bomb.yaml", aliasBomb(10))).toThrow(/^bomb\.yaml is not valid YAML.*[Ee]xcessive alias/);
  });

  it("still reads a document with a few aliases", () => {
    const text = `openapi: 3.1.0\ninfo: &i {title: t, version: "1"}\nx-info: *i\npaths: {}\n`;
    expect(parseOpenApiText("few.yaml", text).doc["x-info"]).toEqual({ title: "t", version: "1" });
  });
});

describe("flow-style YAML that starts with `{`", () => {
  it("falls back to YAML when JSON.parse refuses it", () => {
    const text = '{openapi: 3.0.3, info: {title: t, version: "1"}, paths: {/a: {get: {responses: {"200": {description: ok}}}}}}\n';
    const parsed = parseOpenApiText("flow.yaml", text);
    expect(parsed.doc["openapi"]).toBe("3.0.3");
    expect(parsed.format).toBe("yaml");
  });

  it("still reports a broken JSON document as not parsing", () => {
    expect(() => parseOpenApiText("cut.json", '{"openapi": "3.0.3", "info": {')).toThrow(/^cut\.json is not valid YAML/);
  });
});

describe("text decoding", () => {
  it("says 'not UTF-8' only for a real decoding error", () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode("openapi: "), 0xe9, 0x0a]);
    expect(() => parseOpenApiText("latin1.yaml", latin1)).toThrow(/^latin1\.yaml is not UTF-8 text$/);
    vi.spyOn(TextDecoder.prototype, "decode").mockImplementation(() => {
      throw new RangeError("Invalid string length");
    });
    const big = new TextEncoder().encode(spec());
    expect(() => parseOpenApiText("big.yaml", big)).toThrow(/Invalid string length/);
    expect(() => parseOpenApiText("big.yaml", big)).not.toThrow(/not UTF-8/);
  });
});

describe("mirror files are capped like downloads", () => {
  it("refuses a mirror file over the limit, before reading it", async () => {
    const mirror = await mirrorWith("big", { "b2b-v1": `${spec()}${"# padding\n".repeat(200)}` });
    const error = await fetchError(fetchBundle("b2b-v1", { mirror, maxBytes: 1000 }));
    expect(error.kind).toBe("too-large");
    expect(error.message).toMatch(/^b2b-v1: mirror file .*b2b-v1\.openapi\.yaml is over the limit of 1000 bytes$/);
  });

  it("a mirror file exactly at the limit is read", async () => {
    const text = spec();
    const mirror = await mirrorWith("exact", { "b2b-v1": text });
    const bundle = await fetchBundle("b2b-v1", { mirror, maxBytes: Buffer.byteLength(text) });
    expect(bundle.operations).toBe(2);
  });

  it("stops reading a mirror entry that never ends (/dev/zero) at the limit", { timeout: 10_000 }, async () => {
    const mirror = await mkdtemp(join(scratch, "devzero-"));
    await symlink("/dev/zero", join(mirror, "b2b-v1.openapi.yaml"));
    const error = await fetchError(fetchBundle("b2b-v1", { mirror, maxBytes: 4 * 1024 * 1024 }));
    expect(error.kind).toBe("too-large");
    expect(error.message).toMatch(/is over the limit of 4 MiB$/);
  });
});

describe("a bundle cut short", () => {
  it("refuses YAML that does not end with a newline, even though it parses", async () => {
    const text = spec({ operations: 3 });
    // Cut mid-word, as a dropped download is: `"200":\n  desc` still parses (a plain scalar).
    const cut = text.slice(0, text.lastIndexOf("description") + 4);
    expect(() => parseOpenApiText("cut.yaml", cut)).not.toThrow();
    const mirror = await mirrorWith("cut", { "b2b-v1": cut });
    const error = await fetchError(fetchBundle("b2b-v1", { mirror }));
    expect(error.kind).toBe("truncated");
    expect(error.message).toMatch(/^b2b-v1: .*b2b-v1\.openapi\.yaml is cut short: it does not end with a newline$/);
  });

  it("accepts a complete JSON bundle without a final newline", async () => {
    const json = JSON.stringify({ openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} });
    const mirror = await mirrorWith("json", { "b2b-v1": json });
    expect((await fetchBundle("b2b-v1", { mirror })).paths).toBe(0);
  });
});

describe("a bundle of the other API version", () => {
  it("refuses b2b-v1 whose servers all end in /v2 (the mirror files swapped)", async () => {
    const mirror = await mirrorWith("swapped", {
      "b2b-v1": spec({ servers: ["https://api.example.test/api/v2"] }),
      "b2b-v2": spec({ servers: ["https://api.example.test/api/v1/"] }),
    });
    for (const [name, other] of [
      ["b2b-v1", "2"],
      ["b2b-v2", "1"],
    ] as const) {
      const error = await fetchError(fetchBundle(name, { mirror }));
      expect(error.kind).toBe("wrong-bundle");
      expect(error.message).toMatch(new RegExp(`^${name}: .* is not ${name}: its servers \\(.*\\) are for API v${other}, not v`));
    }
  });

  it("accepts its own version's servers, servers that say no version, and no servers", async () => {
    const mirror = await mirrorWith("servers-ok", {
      "b2b-v1": spec({ servers: ["https://api.example.test/api/v1"] }),
      "b2b-v2": spec({ servers: ["https://api.example.test/api/v1", "http://localhost:4010"] }),
    });
    expect((await fetchBundle("b2b-v1", { mirror })).operations).toBe(2);
    expect((await fetchBundle("b2b-v2", { mirror })).operations).toBe(2);
    const bare = await mirrorWith("servers-none", { "b2b-v2": spec() });
    expect((await fetchBundle("b2b-v2", { mirror: bare })).operations).toBe(2);
  });
});

describe("ALTEGIO_OPENAPI_TIMEOUT_MS", () => {
  it("refuses a timeout that does not fit a timer (above 2147483647 ms) with the config error", () => {
    expect(() => fetchOptionsFromEnv({ ALTEGIO_OPENAPI_TIMEOUT_MS: "3000000000" })).toThrow(SpecFetchError);
    expect(() => fetchOptionsFromEnv({ ALTEGIO_OPENAPI_TIMEOUT_MS: "2147483648" })).toThrow(
      /^ALTEGIO_OPENAPI_TIMEOUT_MS must be a positive whole number of milliseconds \(at most 2147483647\), got "2147483648"$/,
    );
    expect(fetchOptionsFromEnv({ ALTEGIO_OPENAPI_TIMEOUT_MS: "2147483647" }).timeoutMs).toBe(2147483647);
  });
});

describe("a download failure names its cause", () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((req, res) => res.writeHead(302, { location: req.url ?? "/" }).end());
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it("reports a redirect loop as 'redirect count exceeded', not just 'fetch failed'", async () => {
    const error = await fetchError(fetchBundle("b2b-v1", { baseUrl: origin, timeoutMs: 10_000 }));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/^b2b-v1: GET http:\/\/127\.0\.0\.1:\d+\/b2b-v1\/openapi\.yaml failed: redirect count exceeded$/);
  });
});

describe("loadBundle", () => {
  it("says 'is missing' only for a missing file, and names any other read error", async () => {
    const dir = await mkdtemp(join(scratch, "load-"));
    vi.stubEnv("ALTEGIO_OPENAPI_DIR", dir);
    await mkdir(join(bundlesDir(dir), "b2b-v2.openapi.yaml"), { recursive: true });
    await expect(loadBundle("b2b-v1")).rejects.toThrow(/b2b-v1\.openapi\.yaml is missing: run `npm run spec:fetch` first/);
    const error = await loadBundle("b2b-v2").then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toMatch(/^cannot read .*b2b-v2\.openapi\.yaml \(EISDIR: illegal operation on a directory/);
    expect(error?.message).not.toMatch(/is missing/);
  });
});
