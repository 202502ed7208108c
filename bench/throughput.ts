/**
 * GET throughput against a local server answering a small v1 envelope: the SDK as users run it (the
 * built package in dist/), openapi-fetch as the baseline, and what users would pick instead — ky,
 * got, axios, ofetch and a naive openapi-fetch + `AbortSignal.timeout` + retry loop — each with a
 * 30 s timeout and 2 retries configured. Variants take turns within each round (the order rotates);
 * each round yields one ratio per variant against openapi-fetch in that same round, on CPU time per
 * request, and a figure is the median of those paired ratios, with its spread.
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
import { pairedRow, type BenchResult } from "./lib/report.js";
import { median } from "./lib/stats.js";
import { BASELINE, THROUGHPUT_TARGETS } from "./throughput-variants.js";

export interface ThroughputBenchOptions {
  readonly rounds: number;
  readonly roundMs: number;
  readonly concurrency: number;
}

/** One GET; resolves to the id of the location it read, so every variant is checked to work. */
type Call = () => Promise<unknown>;

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
  const { createAltegioClient } = await loadBuiltPackage();
  const openapiFetch = createClient<Sdk.V1Paths>({ baseUrl: `${baseUrl}/v1`, headers: HEADERS });
  const sdk = createAltegioClient({
    partnerToken: PARTNER_TOKEN,
    baseUrl,
    rateLimit: false,
    timeoutMs: TIMEOUT_MS,
    retry: { retries: RETRIES },
  });
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
    [BASELINE]: async () => (await openapiFetch.GET("/company/{location_id}", INIT)).data?.data?.id,
    "bare fetch (no timeout, no retries)": async () => ((await (await fetch(url, { headers: HEADERS })).json()) as Data).data?.id,
    "SDK GET()": async () => (await sdk.v1.GET("/company/{location_id}", INIT)).data?.data?.id,
    "SDK get() (data or throw)": async () => (await sdk.v1.get("/company/{location_id}", INIT)).data?.id,
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

export async function runThroughputBench(options: ThroughputBenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const server = await startBenchServer({ mode: "small" });
  try {
    const calls = await variants(server.url);
    const names = Object.keys(calls);
    for (const name of names) {
      const id = await calls[name]!();
      if (id !== LOCATION_ID) throw new Error(`${name} did not read the location (got ${String(id)})`);
    }
    for (const name of names) await cpuPerRequest(calls[name]!, Math.min(300, options.roundMs), options.concurrency);
    const samples = new Map<string, number[]>(names.map((name) => [name, []]));
    for (let round = 0; round < options.rounds; round++) {
      // Rotate the order so no variant always runs first (or right after another's GC debt).
      const order = names.map((_, index) => names[(index + round) % names.length]!);
      for (const name of order) samples.get(name)!.push(await cpuPerRequest(calls[name]!, options.roundMs, options.concurrency));
    }
    const baseline = samples.get(BASELINE)!;
    const title = `GET throughput, small JSON, ${options.concurrency} in flight, CPU per request`;
    return {
      name: "throughput",
      durationMs: performance.now() - started,
      rows: names
        .filter((name) => name !== BASELINE)
        .map((name) => {
          const cpu = samples.get(name)!;
          // Throughput ratio of one round: the baseline's CPU per request over this variant's.
          const ratios = cpu.map((micros, round) => baseline[round]! / micros);
          const limit = THROUGHPUT_TARGETS[name] ?? null;
          return pairedRow(
            title,
            { label: name, value: median(cpu), unit: "µs/req" },
            { label: BASELINE, value: median(baseline), unit: "µs/req" },
            ratios,
            limit === null ? null : { on: "ratio", op: ">=", limit },
          );
        }),
    };
  } finally {
    await server.close();
  }
}
