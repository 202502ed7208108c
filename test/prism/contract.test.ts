import { afterAll, describe, expect, inject, it } from "vitest";
import { readLock } from "../../scripts/lib/lock.js";
import { buildOperationTable } from "../../scripts/lib/operation-table.js";
import { rawRequestOf } from "../../src/facade/typed-client.js";
import { createAltegioClient } from "../../src/index.js";
import { BUNDLE_OF, contractCases, isDocumentedStatus, loadNormalizedDoc, type ApiVersion } from "../contract/cases.js";
import { prismRejection, recordExchange } from "../contract/exchange.js";
import { expectedQueryValues, sdkInit } from "../contract/sdk-init.js";
import { createSynthesizer } from "../contract/synthesize.js";

// Every operation of both bundles, built from the normalised documents at test time (so a new spec
// means a new suite), sent through the SDK to Prism with request validation on.

const VERSIONS: readonly ApiVersion[] = ["v1", "v2"];
const docs = { v1: loadNormalizedDoc("v1"), v2: loadNormalizedDoc("v2") };
const synthesizers = { v1: createSynthesizer(docs.v1), v2: createSynthesizer(docs.v2) };
const authOf = new Map(
  VERSIONS.flatMap((version) => buildOperationTable(docs[version]).map((op) => [`${version} ${op.method} ${op.path}`, op.auth])),
);
const cases = VERSIONS.flatMap((version) => contractCases(version, docs[version]));

const altegio = createAltegioClient({
  partnerToken: "partner-token",
  userToken: "user-token",
  baseUrl: inject("prismBaseUrl"),
  rateLimit: false,
  retry: false,
});
const requestOf = { v1: rawRequestOf(altegio.v1), v2: rawRequestOf(altegio.v2) };

const exercised = new Set<string>();

describe.concurrent("contract: every operation through the SDK, validated by Prism", () => {
  afterAll(() => {
    console.log(`contract: ${exercised.size}/${cases.length} operations exercised`);
  });

  it("has a case for every operation the spec lock records", async () => {
    const lock = await readLock();
    for (const version of VERSIONS) {
      const locked = lock?.bundles.find((bundle) => bundle.name === BUNDLE_OF[version])?.operations;
      expect(cases.filter((c) => c.version === version)).toHaveLength(locked ?? -1);
    }
  });

  it.each(cases)("$name", async ({ version, method, path, name, statuses }) => {
    const request = synthesizers[version].request(path, method);
    const recorder = recordExchange();
    const result = await requestOf[version](method, path, { ...sdkInit(request), middleware: [recorder.middleware] });
    const exchange = recorder.exchange();
    if (exchange === undefined) throw new Error(`${name}: no response reached the SDK`);

    expect(prismRejection(exchange), "Prism rejected the request").toBeNull();
    expect(isDocumentedStatus(statuses, exchange.status), `status ${exchange.status} is one of ${statuses.join(", ")}`).toBe(true);
    const auth = authOf.get(`${version} ${method} ${path}`);
    expect(exchange.authorization).toBe(auth === "user" ? "Bearer partner-token, User user-token" : "Bearer partner-token");
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
