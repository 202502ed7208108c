/**
 * GET throughput against a local server answering a small v1 envelope: bare `fetch`, bare
 * openapi-fetch, and the SDK. Variants take turns within each round, so machine noise hits them
 * alike; each figure is the median over rounds.
 */
import createClient from "openapi-fetch";
import { ALTEGIO_ACCEPT, createAltegioClient, type V1Paths } from "../src/index.js";
import { startBenchServer } from "./lib/bench-server.js";
import { row, type BenchResult } from "./lib/report.js";
import { median } from "./lib/stats.js";

export interface ThroughputBenchOptions {
  readonly rounds: number;
  readonly roundMs: number;
  readonly concurrency: number;
}

/** One GET; resolves to the id of the location it read, so every variant is checked to work. */
type Call = () => Promise<unknown>;

const LOCATION_ID = 4564;
const PARTNER_TOKEN = "bench-partner-token";
const HEADERS = { Accept: ALTEGIO_ACCEPT, Authorization: `Bearer ${PARTNER_TOKEN}` };
const INIT = { params: { path: { location_id: LOCATION_ID } } };

function variants(baseUrl: string): Record<string, Call> {
  const openapiFetch = createClient<V1Paths>({ baseUrl: `${baseUrl}/v1`, headers: HEADERS });
  const sdkBare = createAltegioClient({ partnerToken: PARTNER_TOKEN, baseUrl, retry: false, rateLimit: false });
  const sdkDefaults = createAltegioClient({ partnerToken: PARTNER_TOKEN, baseUrl, rateLimit: false });
  const url = `${baseUrl}/v1/company/${LOCATION_ID}`;
  return {
    "bare fetch": async () => ((await (await fetch(url, { headers: HEADERS })).json()) as { data: { id: number } }).data.id,
    "openapi-fetch": async () => (await openapiFetch.GET("/company/{location_id}", INIT)).data?.data?.id,
    "SDK GET(), retries + limiter off": async () => (await sdkBare.v1.GET("/company/{location_id}", INIT)).data?.data?.id,
    "SDK GET(), defaults minus limiter": async () => (await sdkDefaults.v1.GET("/company/{location_id}", INIT)).data?.data?.id,
    "SDK get() (data or throw), defaults minus limiter": async () => (await sdkDefaults.v1.get("/company/{location_id}", INIT)).data?.id,
  };
}

interface Sample {
  /** Requests per second of wall time. */
  readonly rate: number;
  /** Requests per second of this process's CPU time (user + system). */
  readonly cpuRate: number;
}

/** `concurrency` callers looping for `durationMs`. */
async function measure(call: Call, durationMs: number, concurrency: number): Promise<Sample> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const end = started + durationMs;
  let completed = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      await call();
      completed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rate: completed / ((performance.now() - started) / 1000),
    cpuRate: completed / ((cpu.user + cpu.system) / 1e6),
  };
}

export async function runThroughputBench(options: ThroughputBenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const server = await startBenchServer({ mode: "small" });
  try {
    const calls = variants(server.url);
    const names = Object.keys(calls);
    for (const name of names) {
      const id = await calls[name]!();
      if (id !== LOCATION_ID) throw new Error(`${name} did not read the location (got ${String(id)})`);
    }
    for (const name of names) await measure(calls[name]!, Math.min(300, options.roundMs), options.concurrency);
    const samples = new Map<string, Sample[]>(names.map((name) => [name, []]));
    for (let round = 0; round < options.rounds; round++) {
      // Rotate the order so no variant always runs first (or right after another's GC debt).
      const order = names.map((_, index) => names[(index + round) % names.length]!);
      for (const name of order) samples.get(name)!.push(await measure(calls[name]!, options.roundMs, options.concurrency));
    }
    const rate = (name: string): number => median(samples.get(name)!.map((sample) => sample.rate));
    const cpuRate = (name: string): number => median(samples.get(name)!.map((sample) => sample.cpuRate));
    const baseline = { label: "openapi-fetch", value: rate("openapi-fetch"), unit: "req/s" };
    const title = `GET throughput, small JSON, ${options.concurrency} in flight`;
    return {
      name: "throughput",
      durationMs: performance.now() - started,
      rows: names
        .filter((name) => name !== "openapi-fetch")
        .map((name) =>
          row(
            title,
            { label: name, value: rate(name), unit: "req/s" },
            baseline,
            name.startsWith("SDK") ? { on: "ratio", op: ">=", limit: 0.95 } : null,
            `${Math.round(1e6 / cpuRate(name))} µs CPU/req vs ${Math.round(1e6 / cpuRate("openapi-fetch"))}`,
          ),
        ),
    };
  } finally {
    await server.close();
  }
}
