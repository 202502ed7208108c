import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT, bundlePath, bundleUrl, lockPath } from "../../../scripts/lib/bundles.js";
import {
  SpecFetchError,
  fetchBundle,
  fetchBundles,
  fetchOptionsFromEnv,
  writeBundle,
  type SpecFetchErrorKind,
} from "../../../scripts/lib/fetch-bundles.js";

/** Small spec of our own: 2 paths, 3 operations; components last so a cut-off file loses them. */
function syntheticSpec(title: string): string {
  return `openapi: 3.1.0
info:
  title: ${title}
  version: 1.0.0
paths:
  /widgets:
    summary: Widgets
    get:
      operationId: listWidgets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Widget"
    post:
      operationId: createWidget
      responses:
        "201":
          description: created
  /widgets/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema:
          type: integer
    delete:
      operationId: deleteWidget
      responses:
        "204":
          description: deleted
components:
  schemas:
    Widget:
      type: object
      properties:
        id:
          type: integer
`;
}

const GOOD = syntheticSpec("Synthetic widgets");
const CHANGED = syntheticSpec("Synthetic widgets, second edition");
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Base URL path → how the server answers every bundle below it. */
const ROUTES: Record<string, (res: ServerResponse) => void> = {
  ok: (res) => res.writeHead(200, { "content-type": "application/yaml" }).end(GOOD),
  changed: (res) => res.writeHead(200, { "content-type": "application/yaml" }).end(CHANGED),
  missing: (res) => res.writeHead(404, { "content-type": "text/plain" }).end("not here"),
  broken: (res) => res.writeHead(500, { "content-type": "text/plain" }).end("oops"),
  hang: () => {},
  "stall-body": (res) => {
    res.writeHead(200, { "content-type": "application/yaml" });
    res.write(GOOD.slice(0, 40));
  },
  "drop-body": (res) => {
    res.writeHead(200, { "content-length": String(GOOD.length) });
    res.write(GOOD.slice(0, 40), () => res.destroy());
  },
  html: (res) => res.writeHead(200, { "content-type": "text/html" }).end("<p>Sign in to continue</p>"),
  "html-as-yaml": (res) =>
    res.writeHead(200, { "content-type": "application/yaml" }).end("\n<!DOCTYPE html>\n<html><body>Maintenance</body></html>"),
  "cut-before-components": (res) => res.writeHead(200).end(GOOD.slice(0, GOOD.indexOf("components:"))),
  "cut-mid-line": (res) => res.writeHead(200).end(GOOD.slice(0, GOOD.indexOf("/schemas/Widget"))),
  "not-openapi": (res) => res.writeHead(200).end("name: shopping list\nitems:\n  - milk\n  - eggs\n"),
  swagger2: (res) => res.writeHead(200).end('swagger: "2.0"\ninfo:\n  title: old\n  version: "1"\npaths: {}\n'),
  "no-paths": (res) => res.writeHead(200).end("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n"),
  latin1: (res) => res.writeHead(200).end(Buffer.from([0x6f, 0x70, 0x65, 0x6e, 0x61, 0x70, 0x69, 0x3a, 0x20, 0xe9])),
};

let server: Server;
let origin: string;
let closedPortOrigin: string;
let scratch: string;

function listen(target: Server): Promise<string> {
  return new Promise((resolveListen) => {
    target.listen(0, "127.0.0.1", () => {
      resolveListen(`http://127.0.0.1:${(target.address() as AddressInfo).port}`);
    });
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = ROUTES[(req.url ?? "").split("/")[1] ?? ""];
    if (route) route(res);
    else res.writeHead(418).end();
  });
  origin = await listen(server);
  const doomed = createServer();
  closedPortOrigin = await listen(doomed);
  await new Promise((done) => doomed.close(done));
  scratch = await mkdtemp(join(tmpdir(), "altegio-spec-fetch-"));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await rm(scratch, { recursive: true, force: true });
});

async function fetchError(route: string, timeoutMs = 5_000): Promise<SpecFetchError> {
  const error = await fetchBundle("b2b-v1", { baseUrl: `${origin}/${route}`, timeoutMs }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SpecFetchError)) throw new Error(`expected a SpecFetchError from /${route}, got ${String(error)}`);
  return error;
}

describe("fetchBundle from the network", () => {
  it("returns the bytes with their hash and the spec's counts", async () => {
    const bundle = await fetchBundle("b2b-v2", { baseUrl: `${origin}/ok` });
    expect(bundle).toEqual({
      name: "b2b-v2",
      url: `${origin}/ok/b2b-v2/openapi.yaml`,
      source: "network",
      from: `${origin}/ok/b2b-v2/openapi.yaml`,
      text: GOOD,
      doc: parseYaml(GOOD),
      sha256: sha256(GOOD),
      bytes: Buffer.byteLength(GOOD),
      openapi: "3.1.0",
      paths: 2,
      operations: 3,
    });
  });

  it("fetches both bundles in order", async () => {
    const bundles = await fetchBundles({ baseUrl: `${origin}/ok/` });
    expect(bundles.map((b) => [b.name, b.url])).toEqual([
      ["b2b-v1", `${origin}/ok/b2b-v1/openapi.yaml`],
      ["b2b-v2", `${origin}/ok/b2b-v2/openapi.yaml`],
    ]);
  });

  it("uses an injected fetch", async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(GOOD, { status: 200 });
    };
    const bundle = await fetchBundle("b2b-v1", { fetch: fakeFetch });
    expect(seen).toEqual(["https://developer.alteg.io/_bundle/en/b2b-v1/openapi.yaml"]);
    expect(bundle.operations).toBe(3);
  });

  it.each<[string, SpecFetchErrorKind, RegExp]>([
    ["missing", "http-status", /GET http:\/\/127\.0\.0\.1:\d+\/missing\/b2b-v1\/openapi\.yaml answered HTTP 404 Not Found$/],
    ["broken", "http-status", /\/broken\/b2b-v1\/openapi\.yaml answered HTTP 500 Internal Server Error$/],
    ["html", "html", /is an HTML page, not an OpenAPI document/],
    ["html-as-yaml", "html", /is an HTML page/],
    ["cut-mid-line", "invalid-yaml", /is not valid YAML \(truncated\?\): Missing closing "quote at line \d+/],
    [
      "cut-before-components",
      "unresolved-ref",
      /incomplete \(truncated\?\): 1 \$ref\(s\) point nowhere, first "#\/components\/schemas\/Widget"/,
    ],
    ["not-openapi", "not-openapi", /not an OpenAPI 3\.x document: expected "openapi: 3\.x", found no openapi field/],
    ["swagger2", "not-openapi", /not an OpenAPI 3\.x document/],
    ["no-paths", "not-openapi", /no "paths" object/],
    ["latin1", "not-text", /is not UTF-8 text/],
  ])("rejects /%s as %s with one line", async (route, kind, message) => {
    const error = await fetchError(route);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(/^b2b-v1: /);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("\n");
  });

  it("gives up after timeoutMs when the server never answers", async () => {
    const started = Date.now();
    const error = await fetchError("hang", 200);
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/\/hang\/b2b-v1\/openapi\.yaml timed out after 200 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("times out a body that stops half-way", async () => {
    const error = await fetchError("stall-body", 300);
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/\/stall-body\/b2b-v1\/openapi\.yaml timed out after 300 ms/);
  });

  it("reports a connection dropped before the whole bundle arrived", async () => {
    const error = await fetchError("drop-body");
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(
      /^b2b-v1: GET http:\/\/127\.0\.0\.1:\d+\/drop-body\/b2b-v1\/openapi\.yaml failed: connection closed before the whole bundle arrived \(UND_ERR_SOCKET\)$/,
    );
    expect(error.message).not.toContain("\n");
  });

  it("recognises an unknown host in the error's cause chain", async () => {
    const dnsFailure: typeof fetch = async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }) });
    };
    await expect(fetchBundle("b2b-v1", { fetch: dnsFailure })).rejects.toMatchObject({
      kind: "unreachable",
      message: expect.stringMatching(/openapi\.yaml failed: host unreachable \(ENOTFOUND\);/),
    });
  });

  it("names the refused connection and suggests the mirror", async () => {
    const error = await fetchBundle("b2b-v2", { baseUrl: closedPortOrigin, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecFetchError);
    expect((error as SpecFetchError).kind).toBe("unreachable");
    expect((error as SpecFetchError).message).toBe(
      `b2b-v2: GET ${closedPortOrigin}/b2b-v2/openapi.yaml failed: host unreachable (ECONNREFUSED); without network, set ALTEGIO_OPENAPI_MIRROR to a directory holding the bundles`,
    );
  });
});

describe("fetchBundle from a mirror", () => {
  it("reads <mirror>/<name>.openapi.yaml and keeps the published URL", async () => {
    const mirror = join(scratch, "mirror-ok");
    await mkdir(mirror, { recursive: true });
    await writeFile(join(mirror, "b2b-v1.openapi.yaml"), GOOD);
    const bundle = await fetchBundle("b2b-v1", { mirror });
    expect(bundle.source).toBe("mirror");
    expect(bundle.from).toBe(join(mirror, "b2b-v1.openapi.yaml"));
    expect(bundle.url).toBe("https://developer.alteg.io/_bundle/en/b2b-v1/openapi.yaml");
    expect(bundle.sha256).toBe(sha256(GOOD));
  });

  it("reports a missing mirror file, and a missing mirror directory, by path", async () => {
    const mirror = join(scratch, "mirror-ok");
    await expect(fetchBundle("b2b-v2", { mirror })).rejects.toMatchObject({
      kind: "mirror-missing",
      message: `b2b-v2: mirror file ${join(mirror, "b2b-v2.openapi.yaml")} does not exist (ALTEGIO_OPENAPI_MIRROR=${mirror})`,
    });
    const nowhere = join(scratch, "no-such-dir");
    await expect(fetchBundle("b2b-v1", { mirror: nowhere })).rejects.toMatchObject({
      kind: "mirror-missing",
      message: `b2b-v1: mirror directory ${nowhere} does not exist (ALTEGIO_OPENAPI_MIRROR=${nowhere})`,
    });
  });

  it("validates mirror files like downloads", async () => {
    const mirror = join(scratch, "mirror-html");
    await mkdir(mirror, { recursive: true });
    await writeFile(join(mirror, "b2b-v1.openapi.yaml"), "<html><body>saved login page</body></html>");
    await expect(fetchBundle("b2b-v1", { mirror })).rejects.toMatchObject({ kind: "html" });
  });
});

describe("fetchOptionsFromEnv", () => {
  it("reads mirror, base URL and timeout", () => {
    expect(
      fetchOptionsFromEnv({
        ALTEGIO_OPENAPI_MIRROR: "../mirror",
        ALTEGIO_OPENAPI_BASE_URL: "http://127.0.0.1:9/x",
        ALTEGIO_OPENAPI_TIMEOUT_MS: "1500",
      }),
    ).toEqual({ mirror: "../mirror", baseUrl: "http://127.0.0.1:9/x", timeoutMs: 1500 });
    expect(fetchOptionsFromEnv({ ALTEGIO_OPENAPI_MIRROR: "" })).toEqual({
      mirror: undefined,
      baseUrl: undefined,
      timeoutMs: undefined,
    });
  });

  it.each([["0"], ["-5"], ["1.5"], ["soon"]])("rejects timeout %j", (value) => {
    expect(() => fetchOptionsFromEnv({ ALTEGIO_OPENAPI_TIMEOUT_MS: value })).toThrow(
      /^ALTEGIO_OPENAPI_TIMEOUT_MS must be a positive whole number of milliseconds/,
    );
  });

  it.each([["developer.alteg.io"], ["ftp://example.test/bundles"]])("rejects base URL %j", (value) => {
    expect(() => fetchOptionsFromEnv({ ALTEGIO_OPENAPI_BASE_URL: value })).toThrow(/must be an http\(s\) URL/);
  });
});

describe("writeBundle", () => {
  it("replaces the file in place and leaves no temporary files", async () => {
    const dir = join(scratch, "write");
    const first = await fetchBundle("b2b-v1", { baseUrl: `${origin}/ok` });
    const second = await fetchBundle("b2b-v1", { baseUrl: `${origin}/changed` });
    expect(await writeBundle(first, dir)).toBe(bundlePath("b2b-v1", dir));
    await writeBundle(second, dir);
    expect(await readFile(bundlePath("b2b-v1", dir), "utf8")).toBe(CHANGED);
    expect(await readdir(join(dir, "bundles"))).toEqual(["b2b-v1.openapi.yaml"]);
  });
});

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");
const FETCH_SCRIPT = join(REPO_ROOT, "scripts", "spec", "fetch.ts");

/** Async spawn: the test server lives in this process and must keep answering. */
function runFetchCli(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(TSX, [FETCH_SCRIPT, ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ALTEGIO_OPENAPI_MIRROR: undefined,
        ALTEGIO_OPENAPI_BASE_URL: undefined,
        ALTEGIO_OPENAPI_TIMEOUT_MS: undefined,
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolveRun({ code, stdout, stderr }));
  });
}

/** The contract for every failure: exit 1, exactly one stderr line, no stack frames. */
function expectOneLineFailure(run: CliRun, pattern: RegExp, code = 1): void {
  expect(run.code).toBe(code);
  const lines = run.stderr.split("\n").filter((line) => line !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^spec:fetch: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe("spec:fetch command", { timeout: 30_000 }, () => {
  async function freshDir(label: string): Promise<string> {
    return mkdtemp(join(scratch, `${label}-`));
  }

  it("downloads, writes the bundles and warns that there is no lock yet", async () => {
    const dir = await freshDir("default");
    const run = await runFetchCli([], { ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_BASE_URL: `${origin}/ok` });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^b2b-v1  network  sha256 ${sha256(GOOD).slice(0, 12)}  \\d+ B  3 operations  -> `)),
      expect.stringMatching(/^b2b-v2 {2}network {2}/),
    ]);
    expect(await readFile(bundlePath("b2b-v2", dir), "utf8")).toBe(GOOD);
    expect(run.stderr).toMatch(/^spec:fetch: warning: b2b-v1 is not in .*lock\.json; .*--update-lock/m);
    await expect(readFile(lockPath(dir))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("--update-lock records both bundles; --frozen then finds them up to date", async () => {
    const dir = await freshDir("update");
    const env = { ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_BASE_URL: `${origin}/ok` };
    const update = await runFetchCli(["--update-lock"], env);
    expect(update.code).toBe(0);
    expect(update.stderr).toBe("");
    const lockText = await readFile(lockPath(dir), "utf8");
    const lock = JSON.parse(lockText) as { bundles: Record<string, unknown>[] };
    expect(lockText).toBe(`${JSON.stringify(lock, null, 2)}\n`);
    expect(lock.bundles.map((entry) => Object.keys(entry))).toEqual([
      ["name", "url", "sha256", "bytes", "openapi", "paths", "operations", "fetchedAt"],
      ["name", "url", "sha256", "bytes", "openapi", "paths", "operations", "fetchedAt"],
    ]);
    expect(lock.bundles[1]).toMatchObject({
      name: "b2b-v2",
      url: bundleUrl("b2b-v2", `${origin}/ok`),
      sha256: sha256(GOOD),
      bytes: Buffer.byteLength(GOOD),
      openapi: "3.1.0",
      paths: 2,
      operations: 3,
    });

    const frozen = await runFetchCli(["--frozen"], { ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_BASE_URL: `${origin}/missing` });
    expect(frozen.code).toBe(0);
    expect(frozen.stdout).toMatch(/^b2b-v1 {2}up to date {2}sha256 [0-9a-f]{12}/m);
    expect(frozen.stdout).toMatch(/^b2b-v2 {2}up to date {2}/m);
  });

  it("--frozen refuses a bundle that differs from the lock and keeps the good copy", async () => {
    const dir = await freshDir("frozen");
    await runFetchCli(["--update-lock"], { ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_BASE_URL: `${origin}/ok` });
    const lockBefore = await readFile(lockPath(dir), "utf8");

    const run = await runFetchCli(["--frozen", "--force"], {
      ALTEGIO_OPENAPI_DIR: dir,
      ALTEGIO_OPENAPI_BASE_URL: `${origin}/changed`,
    });
    expectOneLineFailure(
      run,
      new RegExp(
        `b2b-v1 does not match .*lock\\.json: expected sha256 ${sha256(GOOD)} \\(${Buffer.byteLength(GOOD)} bytes, 3 operations\\), ` +
          `got sha256 ${sha256(CHANGED)} \\(${Buffer.byteLength(CHANGED)} bytes, 3 operations\\); .*npm run spec:fetch -- --update-lock.*npm run spec:update`,
      ),
    );
    expect(await readFile(bundlePath("b2b-v1", dir), "utf8")).toBe(GOOD);
    expect(await readFile(lockPath(dir), "utf8")).toBe(lockBefore);
  });

  it("the default mode writes a changed bundle, warns, and leaves the lock alone", async () => {
    const dir = await freshDir("drift");
    await runFetchCli(["--update-lock"], { ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_BASE_URL: `${origin}/ok` });
    const lockBefore = await readFile(lockPath(dir), "utf8");
    const run = await runFetchCli(["--force"], { ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_BASE_URL: `${origin}/changed` });
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^spec:fetch: warning: b2b-v1 does not match/),
      expect.stringMatching(/^spec:fetch: warning: b2b-v2 does not match/),
    ]);
    expect(await readFile(bundlePath("b2b-v1", dir), "utf8")).toBe(CHANGED);
    expect(await readFile(lockPath(dir), "utf8")).toBe(lockBefore);
  });

  it("--lock points at another lock file", async () => {
    const dir = await freshDir("lockflag");
    const lockFile = join(dir, "elsewhere.json");
    const run = await runFetchCli(["--update-lock", "--lock", lockFile], {
      ALTEGIO_OPENAPI_DIR: dir,
      ALTEGIO_OPENAPI_BASE_URL: `${origin}/ok`,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(await readFile(lockFile, "utf8"))).toMatchObject({ lockVersion: 1 });
    await expect(readFile(lockPath(dir))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it.each<[string, Record<string, string>, string[], RegExp]>([
    [
      "HTTP 404",
      { ALTEGIO_OPENAPI_BASE_URL: "/missing" },
      [],
      /b2b-v1: GET http:\/\/127\.0\.0\.1:\d+\/missing\/b2b-v1\/openapi\.yaml answered HTTP 404/,
    ],
    ["a timeout", { ALTEGIO_OPENAPI_BASE_URL: "/hang", ALTEGIO_OPENAPI_TIMEOUT_MS: "300" }, [], /timed out after 300 ms/],
    ["an HTML page", { ALTEGIO_OPENAPI_BASE_URL: "/html" }, [], /is an HTML page/],
    ["a truncated bundle", { ALTEGIO_OPENAPI_BASE_URL: "/cut-mid-line" }, [], /is not valid YAML \(truncated\?\)/],
    ["a missing mirror", { ALTEGIO_OPENAPI_MIRROR: "no-such-mirror-dir" }, [], /mirror directory .*no-such-mirror-dir does not exist/],
    ["a bad timeout setting", { ALTEGIO_OPENAPI_TIMEOUT_MS: "fast" }, [], /ALTEGIO_OPENAPI_TIMEOUT_MS must be a positive whole number/],
    [
      "--frozen without a lock",
      { ALTEGIO_OPENAPI_BASE_URL: "/ok" },
      ["--frozen"],
      /--frozen needs a lock, and .*lock\.json does not exist/,
    ],
  ])("fails with one line on %s", async (_label, env, args, pattern) => {
    const dir = await freshDir("fail");
    const base = env["ALTEGIO_OPENAPI_BASE_URL"];
    const run = await runFetchCli(args, {
      ...env,
      ALTEGIO_OPENAPI_DIR: dir,
      ALTEGIO_OPENAPI_BASE_URL: base === undefined ? undefined : `${origin}${base}`,
    });
    expectOneLineFailure(run, pattern);
    await expect(readdir(join(dir, "bundles"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("fails with one line when the host is unreachable", async () => {
    const dir = await freshDir("refused");
    const run = await runFetchCli([], { ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_OPENAPI_BASE_URL: closedPortOrigin });
    expectOneLineFailure(run, /host unreachable \(ECONNREFUSED\)/);
  });

  it.each([
    [["--frozen", "--update-lock"], /contradict/],
    [["--fast"], /Unknown option '--fast'/],
  ])("rejects the command line %j with exit 2", async (args, pattern) => {
    const run = await runFetchCli(args, { ALTEGIO_OPENAPI_DIR: await freshDir("usage") });
    expectOneLineFailure(run, pattern, 2);
    expect(run.stderr).toMatch(/usage: npm run spec:fetch -- /);
  });
});
