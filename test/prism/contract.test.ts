import { afterAll, describe, expect, it } from "vitest";
import { loadBundle } from "../../scripts/lib/load-bundle.js";
import { readLock } from "../../scripts/lib/lock.js";
import { AltegioApiError } from "../../src/facade/errors.js";
import { listOperations } from "../../scripts/lib/openapi-doc.js";
import { pathProblem, serverBasePath } from "../../scripts/lib/spec-audit.js";
import { operationTable } from "../../src/facade/operation-tables.js";
import { methodNameOf, type OperationInfo } from "../../src/facade/operations.js";
import { rawRequestOf } from "../../src/facade/typed-client.js";
import { BUNDLE_OF, contractCases, isDocumentedStatus, loadNormalizedDoc, type ApiVersion } from "../contract/cases.js";
import { exchangeOf, prismRejection, recordExchange, type RecordedExchange } from "../contract/exchange.js";
import { expectedQueryValues, sdkInit } from "../contract/sdk-init.js";
import { createSynthesizer } from "../../scripts/lib/synthesize.js";
import { PRISM_PARTNER_TOKEN, PRISM_USER_TOKEN, prismClient } from "./sdk-client.js";

// Every operation of both bundles, built from the normalised documents at test time (so a new spec
// means a new suite), sent through the SDK to Prism with request validation on.

const VERSIONS: readonly ApiVersion[] = ["v1", "v2"];
const docs = { v1: loadNormalizedDoc("v1"), v2: loadNormalizedDoc("v2") };
const synthesizers = { v1: createSynthesizer(docs.v1), v2: createSynthesizer(docs.v2) };
const generatedTables: Readonly<Record<ApiVersion, readonly OperationInfo[]>> = {
  v1: operationTable("v1").operations,
  v2: operationTable("v2").operations,
};
const operationInfo = new Map(
  VERSIONS.flatMap((version) => generatedTables[version].map((op) => [`${version} ${op.method} ${op.path}`, op] as const)),
);
const cases = VERSIONS.flatMap((version) => contractCases(version, docs[version]));

const PARTNER_AUTHORIZATION = `Bearer ${PRISM_PARTNER_TOKEN}`;
const USER_AUTHORIZATION = `Bearer ${PRISM_PARTNER_TOKEN}, User ${PRISM_USER_TOKEN}`;
const ALTEGIO_MEDIA_TYPE = "application/vnd.api.v2+json";

/** The request path on the wire: version prefix, then the spec path with its parameters filled in. */
function expectedPathname(version: ApiVersion, path: string, params: Readonly<Record<string, unknown>>): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  return `/${version}${filled}`;
}

function mediaTypesOf(header: string | null): string[] {
  return header === null ? [] : header.split(",").map((type) => type.trim());
}

const altegio = prismClient({ userToken: PRISM_USER_TOKEN });
const requestOf = { v1: rawRequestOf(altegio.v1), v2: rawRequestOf(altegio.v2) };

const exercised = new Set<string>();
const exercisedByName = new Set<string>();

/** A client whose fetch records the one exchange it carries (named methods take no middleware). */
function recordingClient(): { client: ReturnType<typeof prismClient>; exchange: () => RecordedExchange | undefined } {
  let exchange: RecordedExchange | undefined;
  const client = prismClient({
    userToken: PRISM_USER_TOKEN,
    fetch: async (request, init) => {
      const response = await fetch(request, init);
      exchange = await exchangeOf(request, response);
      return response;
    },
  });
  return { client, exchange: () => exchange };
}

type NamedCall = (...args: unknown[]) => Promise<unknown>;

describe.concurrent("contract: every operation through its named method, validated by Prism", () => {
  afterAll(() => {
    console.log(`contract (named methods): ${exercisedByName.size}/${cases.length} operations exercised`);
  });

  it.each(cases)("named $name", async ({ version, method, path, name, statuses }) => {
    const operation = operationInfo.get(`${version} ${method} ${path}`);
    if (operation === undefined) throw new Error(`${name}: not in the generated operation table`);
    const request = synthesizers[version].request(path, method);
    const init = sdkInit(request);
    const params = { ...init.params?.path, ...init.params?.query };
    const args: unknown[] = [];
    if (Object.keys(request.path).length > 0 || operation.hasQuery) args.push(params);
    if (operation.hasBody) args.push(init["body"]);
    const { client, exchange: exchangeOf } = recordingClient();
    const call = (client[version] as unknown as Record<string, NamedCall>)[methodNameOf(operation.operationId)];
    if (call === undefined) throw new Error(`${name}: no named method ${methodNameOf(operation.operationId)}`);
    const outcome = await call(...args).then(
      (data) => ({ data }),
      (error: unknown) => ({ error }),
    );
    const exchange = exchangeOf();
    if (exchange === undefined)
      throw new Error(`${name}: no request reached the server (${String("error" in outcome ? outcome.error : "")})`);

    expect(prismRejection(exchange), "Prism rejected the request").toBeNull();
    expect(isDocumentedStatus(statuses, exchange.status), `status ${exchange.status} is one of ${statuses.join(", ")}`).toBe(true);
    expect(exchange.authorization).toBe(operation.auth === "partner" ? PARTNER_AUTHORIZATION : USER_AUTHORIZATION);
    expect(exchange.url.pathname, "request path").toBe(expectedPathname(version, path, request.path));
    for (const [param, value] of Object.entries(request.query)) {
      expect(exchange.url.searchParams.getAll(param), `query parameter ${param} on the wire`).toEqual(expectedQueryValues(value));
    }
    if (exchange.status < 300) {
      expect("error" in outcome ? outcome.error : undefined, "a 2xx answer resolves").toBeUndefined();
    } else {
      expect("error" in outcome && outcome.error instanceof AltegioApiError && outcome.error.status).toBe(exchange.status);
    }
    exercisedByName.add(name);
  });
});

describe.concurrent("contract: every operation through the SDK, validated by Prism", () => {
  afterAll(() => {
    console.log(`contract: ${exercised.size}/${cases.length} operations exercised`);
  });

  it("has a case for every operation the spec lock records, but the callbacks the normaliser drops", async () => {
    const lock = await readLock();
    for (const version of VERSIONS) {
      const raw = await loadBundle(BUNDLE_OF[version]);
      const basePath = serverBasePath(raw);
      const callbacks = Object.entries(raw.paths).filter(([path]) => pathProblem(path, basePath) === "is itself a URL");
      const dropped = callbacks.reduce((sum, [path, item]) => sum + listOperations({ [path]: item }).length, 0);
      const locked = lock?.bundles.find((bundle) => bundle.name === BUNDLE_OF[version])?.operations;
      expect(cases.filter((c) => c.version === version)).toHaveLength((locked ?? -1) - dropped);
    }
  }, 60_000);

  it.each(cases)("$name", async ({ version, method, path, name, statuses }) => {
    const request = synthesizers[version].request(path, method);
    const recorder = recordExchange();
    const result = await requestOf[version](method, path, { ...sdkInit(request), middleware: [recorder.middleware] });
    const exchange = recorder.exchange();
    if (exchange === undefined) throw new Error(`${name}: no response reached the SDK`);

    expect(prismRejection(exchange), "Prism rejected the request").toBeNull();
    expect(isDocumentedStatus(statuses, exchange.status), `status ${exchange.status} is one of ${statuses.join(", ")}`).toBe(true);
    const operation = operationInfo.get(`${version} ${method} ${path}`);
    if (operation === undefined) throw new Error(`${name}: not in the generated operation table`);
    // The client has a user token, so only partner operations go without it (partner-optional-user sends it).
    expect(exchange.authorization).toBe(operation.auth === "partner" ? PARTNER_AUTHORIZATION : USER_AUTHORIZATION);
    expect(mediaTypesOf(exchange.accept), "Accept on the wire").toEqual([ALTEGIO_MEDIA_TYPE, ...(operation.fileMediaTypes ?? [])]);
    if (request.body === null) {
      expect(exchange.requestContentType, "no Content-Type without a body").toBeNull();
    } else if (request.body.encoding === "json") {
      expect(exchange.requestContentType).toBe("application/json");
    } else {
      expect(exchange.requestContentType).toMatch(/^multipart\/form-data; boundary=/);
    }
    expect(exchange.url.pathname, "request path").toBe(expectedPathname(version, path, request.path));
    for (const [param, value] of Object.entries(request.query)) {
      expect(exchange.url.searchParams.getAll(param), `query parameter ${param} on the wire`).toEqual(expectedQueryValues(value));
    }

    // The SDK handed back what the server sent, parsed.
    const parsed = exchange.status < 300 ? result.data : result.error;
    expect(result.response.status).toBe(exchange.status);
    if (exchange.bodyText === "") {
      expect(parsed).toBeUndefined();
    } else if (request.accept.length > 0) {
      expect(parsed).toBeInstanceOf(Blob);
      expect(await (parsed as Blob).text()).toBe(exchange.bodyText);
    } else {
      expect(parsed).toEqual(JSON.parse(exchange.bodyText));
    }
    exercised.add(name);
  });
});
