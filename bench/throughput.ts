/**
 * GET throughput against a local server answering a small v1 envelope: the SDK as users run it (the
 * built package in dist/), openapi-fetch as the baseline, and what users would pick instead — ky,
 * got, axios, ofetch and a naive openapi-fetch + `AbortSignal.timeout` + retry loop — each with a
 * 30 s timeout and 2 retries configured. In each round every variant runs right next to a run of
 * openapi-fetch (see `pairedRounds`); each round yields one ratio per variant against that run, on
 * CPU time per request, and a figure is the median of those paired ratios, with its spread.
 */
import axios from "axios";
import axiosRetry from "axios-retry";
import got from "got";
import ky from "ky";
import { ofetch } from "ofetch";
import createClient from "openapi-fetch";
import type * as Sdk from "../src/index.js";
import { loadBuiltPackage } from "./lib/built-package.js";
import { startBenchServer } from "./lib/bench-server.js";
import { pairedRow, type BenchResult, type BenchRow } from "./lib/report.js";
import { median } from "./lib/stats.js";
import { BASELINE, CONTROL, THROUGHPUT_TARGETS } from "./throughput-variants.js";

export interface ThroughputBenchOptions {
  readonly rounds: number;
  readonly roundMs: number;
  readonly concurrency: number;
}

/** One GET; resolves to the id of the location it read, so every variant is checked to work. */
export type Call = () => Promise<unknown>;

const LOCATION_ID = 4564;
const PARTNER_TOKEN = "bench-partner-token";
const ACCEPT = "application/vnd.api.v2+json";
const HEADERS = { Accept: ACCEPT, Authorization: `Bearer ${PARTNER_TOKEN}` };
const INIT = { params: { path: { location_id: LOCATION_ID } } };
const TIMEOUT_MS = 30_000;
const RETRIES = 2;
const RETRY_STATUSES = [429, 502, 503, 504];

type Data = { data?: { id?: number } };

function naiveOpenapiFetch(baseUrl: string): Call {
  const client = createClient<Sdk.V1Paths>({ baseUrl: `${baseUrl}/v1`, headers: HEADERS });
  return async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        const { data, response } = await client.GET("/company/{location_id}", { ...INIT, signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (attempt < RETRIES && RETRY_STATUSES.includes(response.status)) continue;
        return data?.data?.id;
      } catch (error) {
        if (attempt >= RETRIES) throw error;
      }
    }
  };
}

async function variants(baseUrl: string): Promise<Record<string, Call>> {
  const sdk = sdkCalls(await loadBuiltPackage(), baseUrl);
  const url = `${baseUrl}/v1/company/${LOCATION_ID}`;
  const kyClient = ky.create({ prefixUrl: `${baseUrl}/v1`, headers: HEADERS, timeout: TIMEOUT_MS, retry: RETRIES });
  const gotClient = got.extend({
    prefixUrl: `${baseUrl}/v1`,
    headers: HEADERS,
    timeout: { request: TIMEOUT_MS },
    retry: { limit: RETRIES },
  });
  const axiosClient = axios.create({ baseURL: `${baseUrl}/v1`, headers: HEADERS, timeout: TIMEOUT_MS });
  axiosRetry(axiosClient, { retries: RETRIES });
  const ofetchClient = ofetch.create({ baseURL: `${baseUrl}/v1`, headers: HEADERS, timeout: TIMEOUT_MS, retry: RETRIES });
  const calls: Record<string, Call> = {
    [BASELINE]: openapiFetchCall(baseUrl),
    [CONTROL]: openapiFetchCall(baseUrl),
    "bare fetch (no timeout, no retries)": async () => ((await (await fetch(url, { headers: HEADERS })).json()) as Data).data?.id,
    "SDK GET()": sdk.GET,
    "SDK get() (data or throw)": sdk.get,
    "naive openapi-fetch + AbortSignal.timeout + retry loop": naiveOpenapiFetch(baseUrl),
    ofetch: async () => (await ofetchClient<Data>(`/company/${LOCATION_ID}`)).data?.id,
    axios: async () => (await axiosClient.get<Data>(`/company/${LOCATION_ID}`)).data.data?.id,
    ky: async () => (await kyClient.get(`company/${LOCATION_ID}`).json<Data>()).data?.id,
    got: async () => (await gotClient.get(`company/${LOCATION_ID}`).json<Data>()).data?.id,
  };
  return calls;
}

/** `concurrency` callers looping for `durationMs`; CPU time (user + system) of this process per request, in µs. */
async function cpuPerRequest(call: Call, durationMs: number, concurrency: number): Promise<number> {
  const cpuBefore = process.cpuUsage();
  const end = performance.now() + durationMs;
  let completed = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      await call();
      completed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return (cpu.user + cpu.system) / completed;
}

/** A seeded generator of floats in [0, 1) (mulberry32): the same orders in every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const order = [...items];
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}

/** Two variants measured back to back in every round; the ratio is the `baseline`'s CPU per request over the `variant`'s. */
export interface Pair {
  readonly variant: string;
  readonly baseline: string;
}

export interface PairSamples {
  /** CPU per request (µs) of the variant, one per round. */
  readonly variant: number[];
  /** CPU per request of the baseline, measured next to the variant in the same round. */
  readonly baseline: number[];
}

/**
 * Each pair's CPU per request in every round, after checking that every call reads the location
 * and a warm-up. Within a round the pairs run in a shuffled order, and each pair's two halves back
 * to back, in a random order: a ratio compares two measurements a few hundred ms apart, not across
 * a whole round (other processes on a shared machine come and go within seconds), and no variant
 * always runs right after the same other one (whose GC debt it would pay: a rotating order keeps
 * who precedes whom, and biased a variant by 15 % in 60 ms rounds).
 */
export async function pairedRounds(
  calls: Record<string, Call>,
  pairs: readonly Pair[],
  options: ThroughputBenchOptions,
): Promise<PairSamples[]> {
  const names = Object.keys(calls);
  for (const name of names) {
    const id = await calls[name]!();
    if (id !== LOCATION_ID) throw new Error(`${name} did not read the location (got ${String(id)})`);
  }
  for (const name of names) await cpuPerRequest(calls[name]!, Math.min(300, options.roundMs), options.concurrency);
  const samples: PairSamples[] = pairs.map(() => ({ variant: [], baseline: [] }));
  const measure = (name: string) => cpuPerRequest(calls[name]!, options.roundMs, options.concurrency);
  const random = seededRandom(13);
  for (let round = 0; round < options.rounds; round++) {
    for (const index of shuffled(
      pairs.map((_, index) => index),
      random,
    )) {
      const { variant, baseline } = pairs[index]!;
      const into = samples[index]!;
      if (random() < 0.5) {
        into.variant.push(await measure(variant));
        into.baseline.push(await measure(baseline));
      } else {
        into.baseline.push(await measure(baseline));
        into.variant.push(await measure(variant));
      }
    }
  }
  return samples;
}

/** A table row of one pair: the median of its rounds' ratios (baseline CPU over the variant's) and their spread. */
export function pairRow(bench: string, pair: Pair, samples: PairSamples, limit: number | null): BenchRow {
  return pairedRow(
    bench,
    { label: pair.variant, value: median(samples.variant), unit: "µs/req" },
    { label: pair.baseline, value: median(samples.baseline), unit: "µs/req" },
    samples.variant.map((micros, round) => samples.baseline[round]! / micros),
    limit === null ? null : { on: "ratio", op: ">=", limit },
  );
}

/** The SDK's two throughput variants on a client of `sdk` (a built package), configured as the bench configures every client. */
export function sdkCalls(sdk: typeof Sdk, baseUrl: string): { GET: Call; get: Call } {
  const client = sdk.createAltegioClient({
    partnerToken: PARTNER_TOKEN,
    baseUrl,
    rateLimit: false,
    timeoutMs: TIMEOUT_MS,
    retry: { retries: RETRIES },
  });
  return {
    GET: async () => (await client.v1.GET("/company/{location_id}", INIT)).data?.data?.id,
    get: async () => (await client.v1.get("/company/{location_id}", INIT)).data?.id,
  };
}

export function openapiFetchCall(baseUrl: string): Call {
  const openapiFetch = createClient<Sdk.V1Paths>({ baseUrl: `${baseUrl}/v1`, headers: HEADERS });
  return async () => (await openapiFetch.GET("/company/{location_id}", INIT)).data?.data?.id;
}

export async function runThroughputBench(options: ThroughputBenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const server = await startBenchServer({ mode: "small" });
  try {
    const calls = await variants(server.url);
    const pairs = Object.keys(calls)
      .filter((name) => name !== BASELINE)
      .map((variant) => ({ variant, baseline: BASELINE }));
    const samples = await pairedRounds(calls, pairs, options);
    const title = `GET throughput, small JSON, ${options.concurrency} in flight, CPU per request`;
    return {
      name: "throughput",
      durationMs: performance.now() - started,
      rows: pairs.map((pair, index) => pairRow(title, pair, samples[index]!, THROUGHPUT_TARGETS[pair.variant] ?? null)),
    };
  } finally {
    await server.close();
  }
}
