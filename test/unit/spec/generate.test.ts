import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";
import { operationTable } from "../../../src/facade/operation-tables.js";

const v1Operations = operationTable("v1").operations;
const v2Operations = operationTable("v2").operations;

const run = promisify(execFile);
const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");
const TSC = join(REPO_ROOT, "node_modules", ".bin", "tsc");

describe("generated operation tables", () => {
  it("list all 259 v1 operations (the partner-served callback dropped) and 42 v2, each once", () => {
    expect(v1Operations).toHaveLength(259);
    expect(v2Operations).toHaveLength(42);
    for (const table of [v1Operations, v2Operations]) {
      const keys = new Set(table.map((op) => `${op.method} ${op.path}`));
      expect(keys.size).toBe(table.length);
      expect(new Set(table.map((op) => op.operationId)).size).toBe(table.length);
    }
  });

  it("know which operations need a user token and which take the partner token alone", () => {
    const count = (table: readonly { auth: string }[], auth: string) => table.filter((op) => op.auth === auth).length;
    expect(count(v1Operations, "user")).toBe(226);
    expect(count(v1Operations, "partner")).toBe(6); // BearerPartner, documented so, and POST /auth
    // The security declared and the documented Authorization header disagree: the user token is optional.
    expect(count(v1Operations, "partner-optional-user")).toBe(27);
    expect(v1Operations.find((op) => op.method === "post" && op.path === "/auth")?.auth).toBe("partner");
    expect(count(v2Operations, "user")).toBe(42);
  });

  it("describe v2 list pagination as page + limit up to 250", () => {
    const paginated = v2Operations.filter((op) => op.pagination !== null);
    expect(paginated.map((op) => op.path)).toContain("/locations/{location_id}/services");
    for (const op of paginated) {
      expect(op.method).toBe("get");
      expect(op.pagination).toMatchObject({ pageParam: "page", sizeParam: "limit", maxSize: 250 });
    }
  });

  it("describe v1 pagination by its own size parameter and where the total comes back", () => {
    const find = (path: string) => v1Operations.find((op) => op.method === "get" && op.path === path)?.pagination;
    expect(find("/clients/{location_id}")).toEqual({ pageParam: "page", sizeParam: "count", maxSize: null, total: "meta.total_count" });
    expect(find("/chain/{chain_id}/loyalty/certificate_types")).toMatchObject({ sizeParam: "page_size", maxSize: 100 });
    expect(find("/deposits/chain/{chain_id}")).toMatchObject({ sizeParam: "limit" });
    expect(find("/activity/{location_id}/search")).toMatchObject({ total: "meta.count" });
    expect(find("/comments/{location_id}")).toMatchObject({ total: null });
  });

  it("paginate POST searches through page parameters in the body", () => {
    const search = v1Operations.find((op) => op.method === "post" && op.path === "/company/{location_id}/clients/search");
    expect(search?.pagination).toMatchObject({ pageParam: "page", sizeParam: "page_size", in: "body", total: "meta.total_count" });
    const visits = v1Operations.find((op) => op.method === "post" && op.path === "/company/{location_id}/clients/visits/search");
    expect(visits?.pagination).toBeNull(); // date-cursor pages, not page numbers
  });

  it("name the location path parameter, whatever the path calls it", () => {
    expect(v1Operations.find((op) => op.path === "/company/{location_id}")?.locationParam).toBe("location_id");
    const positions = v2Operations.filter((op) => op.path.startsWith("/locations/{company_id}/positions"));
    expect(positions.length).toBeGreaterThan(0);
    for (const op of positions) expect(op.locationParam).toBe("company_id");
  });

  it("record the query parameters declared explode: false, and nothing for the default style", () => {
    const styled = [...v1Operations, ...v2Operations]
      .filter((op) => op.queryStyles !== null)
      .map((op) => [`${op.method} ${op.path}`, op.queryStyles]);
    const joined = { style: "form", explode: false };
    expect(styled).toEqual([
      ["get /chain/{chain_id}/loyalty/abonements", { abonements_ids: joined }],
      ["get /chain/{chain_id}/loyalty/transactions", { types: joined, company_ids: joined, visit_ids: joined }],
    ]);
  });

  it("record the file type of the one operation that answers with a file", () => {
    const files = [...v1Operations, ...v2Operations]
      .filter((op) => op.fileMediaTypes !== null)
      .map((op) => [`${op.method} ${op.path}`, op.fileMediaTypes]);
    expect(files).toEqual([["get /attendance/receipt_print/{visit_id}", ["application/pdf"]]]);
  });
});

describe("npm run generate", () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "altegio-generate-"));
    await cp(join(REPO_ROOT, "openapi", "bundles"), join(workDir, "openapi", "bundles"), { recursive: true });
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  async function generateInto(outDir: string): Promise<Record<string, string>> {
    await run(TSX, [join(REPO_ROOT, "scripts", "generate.ts")], {
      cwd: REPO_ROOT,
      env: { ...process.env, ALTEGIO_OPENAPI_DIR: join(workDir, "openapi"), ALTEGIO_GENERATED_DIR: outDir },
    });
    const files = (await readdir(outDir)).sort();
    return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(join(outDir, f), "utf8")] as const)));
  }

  // Liveness guards (two full generations; a type-check of the output): with the machine loaded by
  // two CPU hogs and other suites, the first took over 240 s, against about 60 s when idle.
  it("is deterministic: a second run changes no byte, and matches the checked-in generation", async () => {
    const first = await generateInto(join(workDir, "gen-a"));
    const second = await generateInto(join(workDir, "gen-b"));
    expect(Object.keys(first)).toEqual([
      "examples.ts",
      "operations.json",
      "operations.md",
      "operations.ts",
      "v1-named.ts",
      "v1.ts",
      "v2-named.ts",
      "v2.ts",
    ]);
    expect(second).toEqual(first);
    for (const [file, text] of Object.entries(first)) {
      expect(await readFile(join(REPO_ROOT, "src", "generated", file), "utf8")).toBe(text);
    }
  }, 600_000);

  /** Runs the generator on an `openapi/` directory holding `bundles` (file name → text); its failure, or null. */
  async function generateFailure(bundles: Record<string, string>): Promise<{ code: number; stderr: string } | null> {
    const dir = await mkdtemp(join(tmpdir(), "altegio-generate-bad-"));
    try {
      for (const [file, text] of Object.entries(bundles)) {
        await mkdir(join(dir, "bundles"), { recursive: true });
        await writeFile(join(dir, "bundles", file), text);
      }
      return await run(TSX, [join(REPO_ROOT, "scripts", "generate.ts")], {
        cwd: REPO_ROOT,
        env: { ...process.env, ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_GENERATED_DIR: join(dir, "gen") },
      }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("fails with one clear line when the bundles have not been fetched", async () => {
    const failure = await generateFailure({});
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split("\n")).toHaveLength(1);
    expect(failure?.stderr).toMatch(/missing: run `npm run spec:fetch` first/);
  });

  it("fails with one clear line when a stored bundle is not an OpenAPI document", async () => {
    const failure = await generateFailure({ "b2b-v1.openapi.yaml": "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n" });
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split("\n")).toHaveLength(1);
    expect(failure?.stderr).toMatch(/b2b-v1: .* is not an OpenAPI 3\.x document/);
  });

  it("type-checks together with a file of typed calls", async () => {
    const result = await run(TSC, ["--noEmit", "-p", join(REPO_ROOT, "test", "types", "tsconfig.generated.json")], { cwd: REPO_ROOT }).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(result.stdout).toBe("");
    expect(result.code).toBe(0);
  }, 600_000);
});
