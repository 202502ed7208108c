import { type AltegioClient, createAltegioClient } from "../../src/index.js";
import { UsageError } from "./cli.js";
import { isSuccessStatus } from "./media-types.js";
import { effectiveParameters, listOperations, type OpenApiDoc } from "./openapi-doc.js";
import { buildOperationTable } from "./operation-table.js";
import { createSchemaValidator, pointerOf } from "./schema-validator.js";
import { type Finding, formatFindingLines } from "./spec-audit.js";
import { listJsonBodies } from "./spec-examples.js";

/**
 * `npm run test:live`: the examples are all the bundles hold, but a user with tokens holds the real
 * API. Calls a bounded number of read-only GETs that need nothing but the location id (the SDK's
 * default rate limit on), validates each JSON reply against the normalised schema with the audit's
 * Ajv set-up, and reports the disagreements in the audit's format, one per place, ready to become a
 * normalisation rule.
 */

export type ApiVersion = "v1" | "v2";

export const LIVE_CHECKS = ["live response fails its schema", "live status the spec does not declare"] as const;
export type LiveCheck = (typeof LIVE_CHECKS)[number];

export type LiveFinding = Finding<LiveCheck>;

export interface LiveCall {
  readonly version: ApiVersion;
  /** `GET /path`. */
  readonly operation: string;
  readonly operationId: string;
  /** HTTP status, or 0 when the call did not get an answer. */
  readonly status: number;
  /** Why the reply was not validated (an error status, no answer); undefined when it was. */
  readonly skipped?: string;
}

export interface LiveReport {
  readonly baseUrl: string;
  readonly calls: readonly LiveCall[];
  readonly findings: readonly LiveFinding[];
}

export interface LiveOptions {
  /** Where the API is: `https://api.alteg.io/api`, or another server only when said explicitly. */
  readonly baseUrl: string;
  readonly partnerToken: string;
  readonly userToken: string;
  readonly locationId: number;
  /** At most this many calls in all. */
  readonly maxCalls: number;
}

export const DEFAULT_MAX_CALLS = 20;
export const MAX_CALLS_LIMIT = 100;
const LIVE_BASE_URL = "https://api.alteg.io/api";

interface Candidate {
  readonly version: ApiVersion;
  readonly path: string;
  readonly operationId: string;
}

/** GETs whose only parameter that must be given is the location's path parameter, in document order. */
export function liveCandidates(version: ApiVersion, doc: OpenApiDoc): Candidate[] {
  const table = new Map(buildOperationTable(doc).map((entry) => [`${entry.method} ${entry.path}`, entry]));
  const candidates: Candidate[] = [];
  for (const { path, method, operation } of listOperations(doc.paths)) {
    const entry = table.get(`${method} ${path}`);
    if (method !== "get" || entry === undefined || entry.locationParam === null) continue;
    const needed = effectiveParameters(doc, path, operation).filter((param) => param.in === "path" || param["required"] === true);
    if (needed.every((param) => param.in === "path" && param.name === entry.locationParam)) {
      candidates.push({ version, path, operationId: entry.operationId });
    }
  }
  return candidates;
}

/** Alternates between the versions so a small budget still reaches both. */
function pick(lists: readonly Candidate[][], budget: number): Candidate[] {
  const picked: Candidate[] = [];
  for (let i = 0; picked.length < budget && lists.some((list) => i < list.length); i++) {
    for (const list of lists) if (i < list.length && picked.length < budget) picked.push(list[i] as Candidate);
  }
  return picked;
}

type RawGet = (path: string, init?: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

function rawGet(client: AltegioClient, version: ApiVersion, locationId: number): RawGet {
  const scoped = client.location(locationId)[version] as unknown as { GET: RawGet };
  return (path, init) => scoped.GET(path, init);
}

/** The schema pointer of `operation`'s JSON reply for `status` (exact, then `2XX`, then `default`). */
function replySchemas(doc: OpenApiDoc): Map<string, string> {
  const pointers = new Map<string, string>();
  for (const { operation, status, media, mediaKeys } of listJsonBodies(doc)) {
    if (status === "request" || media["schema"] === undefined) continue;
    pointers.set(`${operation} ${status.toUpperCase()}`, pointerOf([...mediaKeys, "schema"]));
  }
  return pointers;
}

export async function checkLiveDrift(docs: Readonly<Record<ApiVersion, OpenApiDoc>>, options: LiveOptions): Promise<LiveReport> {
  const client = createAltegioClient({ partnerToken: options.partnerToken, userToken: options.userToken, baseUrl: options.baseUrl });
  const versions = ["v1", "v2"] as const;
  const picked = pick(
    versions.map((version) => liveCandidates(version, docs[version])),
    options.maxCalls,
  );
  const validators = { v1: createSchemaValidator(docs.v1), v2: createSchemaValidator(docs.v2) };
  const schemas = { v1: replySchemas(docs.v1), v2: replySchemas(docs.v2) };
  const calls: LiveCall[] = [];
  const findings: LiveFinding[] = [];
  for (const { version, path, operationId } of picked) {
    const operation = `GET ${path}`;
    let result: Awaited<ReturnType<RawGet>>;
    try {
      result = await rawGet(client, version, options.locationId)(path);
    } catch (error) {
      calls.push({ version, operation, operationId, status: 0, skipped: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const status = result.response.status;
    if (!isSuccessStatus(String(status))) {
      calls.push({ version, operation, operationId, status, skipped: `HTTP ${status}` });
      continue;
    }
    calls.push({ version, operation, operationId, status });
    const pointer = schemas[version].get(`${operation} ${status}`) ?? schemas[version].get(`${operation} 2XX`);
    if (pointer === undefined) {
      findings.push({ check: "live status the spec does not declare", where: operation, operationId, detail: `${version} ${status}` });
      continue;
    }
    for (const violation of validators[version](pointer, result.data)) {
      findings.push({
        check: "live response fails its schema",
        where: operation,
        operationId,
        detail: `${version} ${status}: ${violation.at || "(body)"} ${violation.message}`,
      });
    }
  }
  return { baseUrl: options.baseUrl, calls, findings };
}

export function formatLiveReport(report: LiveReport): string {
  const checked = report.calls.filter((call) => call.skipped === undefined).length;
  const lines = [
    `test:live: ${report.calls.length} GET(s) to ${report.baseUrl}, ${checked} replies validated, ${report.findings.length} disagreement(s)`,
  ];
  for (const check of LIVE_CHECKS)
    lines.push(
      ...formatFindingLines(
        check,
        report.findings.filter((finding) => finding.check === check),
        true,
      ),
    );
  for (const call of report.calls.filter((entry) => entry.skipped !== undefined)) {
    lines.push(`  not validated: ${call.version} ${call.operationId} ${call.operation}: ${call.skipped}`);
  }
  return lines.join("\n");
}

/** The options from the environment and command line; a UsageError naming what is missing or wrong. */
export function liveOptionsFrom(env: NodeJS.ProcessEnv, argv: readonly string[]): LiveOptions {
  const flag = (name: string) => {
    const prefix = `--${name}=`;
    return argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
  };
  for (const arg of argv) {
    if (!/^--(base-url|max-calls)=/.test(arg))
      throw new UsageError(`test:live: unknown argument ${arg} (options: --base-url=URL, --max-calls=N)`);
  }
  const missing = ["ALTEGIO_PARTNER_TOKEN", "ALTEGIO_USER_TOKEN", "ALTEGIO_LOCATION_ID"].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new UsageError(
      `test:live calls the real Altegio API and needs ALTEGIO_PARTNER_TOKEN, ALTEGIO_USER_TOKEN and ALTEGIO_LOCATION_ID; missing: ${missing.join(", ")}`,
    );
  }
  const locationId = Number(env["ALTEGIO_LOCATION_ID"]);
  if (!Number.isSafeInteger(locationId) || locationId <= 0)
    throw new UsageError("test:live: ALTEGIO_LOCATION_ID must be a positive integer");
  const maxText = flag("max-calls") ?? env["ALTEGIO_LIVE_MAX_CALLS"] ?? String(DEFAULT_MAX_CALLS);
  const maxCalls = Number(maxText);
  if (!Number.isInteger(maxCalls) || maxCalls < 1 || maxCalls > MAX_CALLS_LIMIT) {
    throw new UsageError(`test:live: the number of calls must be an integer from 1 to ${MAX_CALLS_LIMIT} (got ${maxText})`);
  }
  const baseUrl = flag("base-url") ?? env["ALTEGIO_LIVE_BASE_URL"] ?? LIVE_BASE_URL;
  if (!URL.canParse(baseUrl)) throw new UsageError(`test:live: the base URL ${baseUrl} is not a URL`);
  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    partnerToken: env["ALTEGIO_PARTNER_TOKEN"] as string,
    userToken: env["ALTEGIO_USER_TOKEN"] as string,
    locationId,
    maxCalls,
  };
}
