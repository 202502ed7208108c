/**
 * `npm run demo`: runs examples/ against Prism mocks of both bundles (started here, stopped at the
 * end), or against the real Altegio API when ALTEGIO_PARTNER_TOKEN is set:
 *
 *   ALTEGIO_PARTNER_TOKEN   partner token (developer portal)
 *   ALTEGIO_LOGIN + ALTEGIO_PASSWORD, or ALTEGIO_USER_TOKEN   the user
 *   ALTEGIO_LOCATION_ID     a location the user may read
 *   ALTEGIO_BASE_URL        optional, default https://api.alteg.io/api
 *
 * The retry example always talks to a local server that fails on purpose. Exit 1 when an example
 * fails, 2 when the environment is incomplete.
 */
import { examples, type ExampleContext } from "../examples/index.js";
import type { Credentials } from "../examples/context.js";
import { DEFAULT_BASE_URL } from "../src/index.js";
import { faults, startFaultServer } from "../test/helpers/fault-server.js";
import { mockDocument, startPrism, startVersionRouter } from "../test/prism/prism-server.js";
import { runCli, UsageError } from "./lib/cli.js";

type Target = Omit<ExampleContext, "flakyBaseUrl" | "print"> & { describe: string; stop(): Promise<void> };

const print = (line = ""): void => console.log(line === "" ? "" : `   ${line}`);

function realApiTarget(env: NodeJS.ProcessEnv, partnerToken: string): Target {
  const locationId = Number(env["ALTEGIO_LOCATION_ID"]);
  if (!Number.isSafeInteger(locationId) || locationId <= 0) {
    throw new UsageError("ALTEGIO_PARTNER_TOKEN is set, so ALTEGIO_LOCATION_ID must be a location id (a positive integer)");
  }
  const userToken = env["ALTEGIO_USER_TOKEN"];
  const login = env["ALTEGIO_LOGIN"];
  const password = env["ALTEGIO_PASSWORD"];
  let credentials: Credentials;
  if (userToken) credentials = { userToken };
  else if (login && password) credentials = { login, password };
  else throw new UsageError("ALTEGIO_PARTNER_TOKEN is set: also set ALTEGIO_LOGIN and ALTEGIO_PASSWORD, or ALTEGIO_USER_TOKEN");
  const baseUrl = env["ALTEGIO_BASE_URL"] || DEFAULT_BASE_URL;
  return {
    target: "altegio",
    describe: `the real Altegio API at ${baseUrl}, location ${locationId}`,
    clientOptions: { partnerToken, baseUrl },
    credentials,
    locationId,
    missingLocationId: 999_999_999,
    failWith: () => ({}),
    stop: async () => undefined,
  };
}

async function prismTarget(): Promise<Target> {
  const documents = [mockDocument("b2b-v1"), mockDocument("b2b-v2")] as const;
  const [v1, v2] = await Promise.all(documents.map((document) => startPrism(document)));
  const router = await startVersionRouter({ v1: v1!.url, v2: v2!.url });
  return {
    target: "prism",
    describe: `Prism mocks of both bundles at ${router.url} (answers are the spec's examples)`,
    // The mocks are local, so there is no rate limit to respect.
    clientOptions: { partnerToken: "demo-partner-token", baseUrl: router.url, rateLimit: false },
    credentials: { login: "demo@example.com", password: "demo-password" },
    locationId: 1,
    missingLocationId: 1,
    failWith: (status) => ({ Prefer: `code=${status}` }),
    stop: async () => {
      await new Promise<void>((resolve) => router.server.close(() => resolve()));
      await Promise.all([v1!.stop(), v2!.stop()]);
    },
  };
}

async function main(): Promise<number> {
  const partnerToken = process.env["ALTEGIO_PARTNER_TOKEN"];
  if (!partnerToken) console.log("Starting Prism mock servers (set ALTEGIO_PARTNER_TOKEN to use the real API instead)…");
  const target = partnerToken ? realApiTarget(process.env, partnerToken) : await prismTarget();
  const flaky = await startFaultServer();
  flaky.enqueue(faults.status(503), faults.html502());
  flaky.setFallback(() => faults.ok({ id: target.locationId, title: "Demo location" }));
  let failed = 0;
  try {
    console.log(`Running ${examples.length} examples against ${target.describe}\n`);
    const context: ExampleContext = { ...target, flakyBaseUrl: flaky.url, print };
    for (const [index, example] of examples.entries()) {
      console.log(`${index + 1}. ${example.title}`);
      try {
        await example.run(context);
      } catch (error) {
        failed++;
        print(`✗ failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      console.log();
    }
  } finally {
    await flaky.close();
    await target.stop();
  }
  console.log(failed === 0 ? `All ${examples.length} examples ran.` : `${failed} of ${examples.length} examples failed.`);
  return failed === 0 ? 0 : 1;
}

await runCli("demo", main);
