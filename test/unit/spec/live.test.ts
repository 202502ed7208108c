import { execFile } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";
import { checkLiveDrift, formatLiveReport, liveCandidates, liveOptionsFrom } from "../../../scripts/lib/live-drift.js";
import type { OpenApiDoc } from "../../../scripts/lib/openapi-doc.js";

/**
 * `npm run test:live` against a local server that drifts from the spec: the checker must call only
 * read-only GETs, within its budget, with both tokens, and report each disagreement in the audit's format.
 */

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");
const LIVE = join(REPO_ROOT, "scripts", "spec", "live.ts");

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}
let server: Server;
let baseUrl: string;
const seen: Seen[] = [];
/** What the drifting server answers, by path (after the version prefix). */
let answers: Record<string, { status: number; body: unknown }> = {};
const fallback = { status: 200, body: { success: true, data: 42, meta: [] } };

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    seen.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization });
    const path = (request.url ?? "").replace(/^\/v[12]/, "").replace(/\?.*$/, "");
    const { status, body } = answers[path] ?? fallback;
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
  answers = {};
});

const envelope = (data: unknown) => ({
  type: "object",
  required: ["success", "data"],
  properties: { success: { type: "boolean" }, data, meta: {} },
});
const ok = (schema: unknown) => ({ 200: { description: "ok", content: { "application/json": { schema } } } });
const locationParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "integer" } });
/** Our own schemas on paths the SDK knows (its route check and location scope work from the generated tables). */
function synthetic(version: "v1" | "v2", paths: Record<string, unknown>): OpenApiDoc {
  return {
    openapi: "3.1.0",
    info: { title: "synthetic", version: "1" },
    servers: [{ url: `https://api.example.test/api/${version}` }],
    components: {
      securitySchemes: { BearerPartnerUser: { type: "http", scheme: "bearer" } },
      schemas: { thing: { type: "object", properties: { id: { type: "integer" }, phone: { type: "string" } } } },
    },
    security: [{ BearerPartnerUser: [] }],
    paths: paths as OpenApiDoc["paths"],
  };
}
const things = envelope({ type: "array", items: { $ref: "#/components/schemas/thing" } });
const v1 = synthetic("v1", {
  "/company/{location_id}": {
    get: {
      operationId: "get_location",
      parameters: [locationParam("location_id")],
      responses: ok(envelope({ type: "object", properties: { currency: { type: "string" } } })),
    },
    put: { operationId: "update_location", parameters: [locationParam("location_id")], responses: ok(envelope({})) },
  },
  "/services/{location_id}": {
    get: {
      operationId: "get_service_list",
      parameters: [locationParam("location_id"), { name: "staff_id", in: "query", schema: { type: "integer" } }],
      responses: ok(things),
    },
  },
  "/staff/{location_id}/{team_member_id}": {
    get: {
      operationId: "get_team_member_by_id",
      parameters: [locationParam("location_id"), { name: "team_member_id", in: "path", required: true, schema: { type: "integer" } }],
      responses: ok(envelope({ $ref: "#/components/schemas/thing" })),
    },
  },
});
const v2 = synthetic("v2", {
  "/locations/{location_id}/services": {
    get: { operationId: "list_services", parameters: [locationParam("location_id")], responses: ok(things) },
  },
  "/locations/{company_id}/positions": {
    get: {
      operationId: "list_positions",
      parameters: [locationParam("company_id"), { name: "term", in: "query", required: true, schema: { type: "string" } }],
      responses: ok(envelope({})),
    },
  },
});

const docs = { v1, v2 };
const options = { partnerToken: "partner-secret", userToken: "user-secret", locationId: 77, maxCalls: 10 };

describe("test:live checker", () => {
  it("calls only GETs that need nothing but the location id", () => {
    expect(liveCandidates("v1", docs.v1).map((candidate) => candidate.operationId)).toEqual(["get_location", "get_service_list"]);
    expect(liveCandidates("v2", docs.v2).map((candidate) => candidate.operationId)).toEqual(["list_services"]);
  });

  it("reports each disagreement of a drifting reply in the audit's format, within its budget, read-only, with both tokens", async () => {
    answers = {
      "/company/77": { status: 403, body: { success: false, data: null, meta: { message: "No access" } } },
      "/services/77": { status: 200, body: { success: true, data: [{ id: 1, phone: 79001234567 }], meta: { total_count: 1 } } },
      "/locations/77/services": { status: 200, body: { success: "yes", data: [{ id: "7" }] } },
    };
    const report = await checkLiveDrift(docs, { ...options, baseUrl });
    expect(seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "GET /v1/company/77",
      "GET /v2/locations/77/services",
      "GET /v1/services/77",
    ]);
    expect(seen.every(({ authorization }) => authorization?.includes("partner-secret") && authorization.includes("user-secret"))).toBe(
      true,
    );
    expect(formatLiveReport(report).split("\n")).toEqual([
      `test:live: 3 GET(s) to ${baseUrl}, 2 replies validated, 2 disagreement(s)`,
      "     2 × live response fails its schema",
      // The audit's Ajv set-up stops at a reply's first disagreement.
      "         list_services GET /locations/{location_id}/services: v2 200: /success must be boolean",
      "         get_service_list GET /services/{location_id}: v1 200: /data/0/phone must be string",
      "     0 × live status the spec does not declare",
      "  not validated: v1 get_location GET /company/{location_id}: HTTP 403",
    ]);
  });

  it("stops at its budget of calls", async () => {
    const report = await checkLiveDrift(docs, { ...options, baseUrl, maxCalls: 2 });
    expect(report.calls).toHaveLength(2);
    expect(seen).toHaveLength(2);
  });

  it("refuses to run without the tokens and the location id, naming what is missing", () => {
    expect(() => liveOptionsFrom({ ALTEGIO_PARTNER_TOKEN: "p" }, [])).toThrow(
      "test:live calls the real Altegio API and needs ALTEGIO_PARTNER_TOKEN, ALTEGIO_USER_TOKEN and ALTEGIO_LOCATION_ID; missing: ALTEGIO_USER_TOKEN, ALTEGIO_LOCATION_ID",
    );
    const env = { ALTEGIO_PARTNER_TOKEN: "p", ALTEGIO_USER_TOKEN: "u", ALTEGIO_LOCATION_ID: "12" };
    expect(() => liveOptionsFrom({ ...env, ALTEGIO_LOCATION_ID: "x" }, [])).toThrow(/must be a positive integer/);
    expect(() => liveOptionsFrom(env, ["--max-calls=1000"])).toThrow(/from 1 to 100/);
    expect(() => liveOptionsFrom(env, ["--fast"])).toThrow(/unknown argument --fast/);
    // The real API unless another server is named.
    expect(liveOptionsFrom(env, [])).toMatchObject({ baseUrl: "https://api.alteg.io/api", maxCalls: 20, locationId: 12 });
    expect(liveOptionsFrom({ ...env, ALTEGIO_LIVE_BASE_URL: "http://127.0.0.1:9/" }, ["--max-calls=3"])).toMatchObject({
      baseUrl: "http://127.0.0.1:9",
      maxCalls: 3,
    });
  });
});

describe("npm run test:live", () => {
  const run = (env: NodeJS.ProcessEnv, args: string[]) =>
    promisify(execFile)(TSX, [LIVE, ...args], { cwd: REPO_ROOT, env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const {
    ALTEGIO_PARTNER_TOKEN: _p,
    ALTEGIO_USER_TOKEN: _u,
    ALTEGIO_LOCATION_ID: _l,
    ALTEGIO_LIVE_BASE_URL: _b,
    ...cleanEnv
  } = process.env;

  it("exits 2 with one line when the tokens are not set", async () => {
    const result = await run(cleanEnv, []);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^test:live: test:live calls the real Altegio API and needs/);
    expect(seen).toEqual([]);
  }, 120_000);

  it("validates the real bundles' schemas against the server it is pointed at, and exits 1 on drift", async () => {
    const env = {
      ...cleanEnv,
      ALTEGIO_PARTNER_TOKEN: "p",
      ALTEGIO_USER_TOKEN: "u",
      ALTEGIO_LOCATION_ID: "5",
      ALTEGIO_LIVE_BASE_URL: baseUrl,
    };
    const result = await run(env, ["--max-calls=3"]);
    expect(result.code).toBe(1);
    expect(seen).toHaveLength(3);
    expect(seen.every((request) => request.method === "GET" && request.url.includes("/5"))).toBe(true);
    expect(result.stdout).toMatch(
      new RegExp(`^test:live: 3 GET\\(s\\) to ${baseUrl}, 3 replies validated, [1-9]\\d* disagreement\\(s\\)$`, "m"),
    );
    expect(result.stdout).toMatch(/^ +[1-9]\d* × live response fails its schema$/m);
    expect(result.stdout).toMatch(/^ {9}\S+ GET \/\S+: v[12] 200: \/data must be /m);
  }, 180_000);
});
