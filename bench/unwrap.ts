/** JSON:API unwrap of a large v2 document, compared with `JSON.parse` of the same document. */
import { unwrap } from "../src/index.js";
import { row, type BenchResult } from "./lib/report.js";
import { median } from "./lib/stats.js";

export interface UnwrapBenchOptions {
  readonly resources: number;
  readonly iterations: number;
}

const CLIENTS = 1_000;
const STAFF = 50;
const SERVICES = 200;

/** `resources` appointments, each with 3 relationships (client, staff, services ×2), all side-loaded. */
export function appointmentDocument(resources: number): string {
  const data = [];
  for (let i = 0; i < resources; i++) {
    data.push({
      type: "appointment",
      id: String(i + 1),
      attributes: {
        datetime: "2026-01-01T10:00:00+00:00",
        length: 3600,
        comment: `appointment ${i + 1}`,
        attendance: i % 3,
        cost: 1500 + (i % 10),
        online: i % 2 === 0,
      },
      relationships: {
        client: { data: { type: "client", id: String(i % CLIENTS) } },
        staff: { data: { type: "staff", id: String(i % STAFF) } },
        services: {
          data: [
            { type: "service", id: String(i % SERVICES) },
            { type: "service", id: String((i + 1) % SERVICES) },
          ],
        },
      },
    });
  }
  const included = [
    ...Array.from({ length: CLIENTS }, (_, id) => ({
      type: "client",
      id: String(id),
      attributes: { name: `Client ${id}`, phone: "+10000000000" },
    })),
    ...Array.from({ length: STAFF }, (_, id) => ({ type: "staff", id: String(id), attributes: { name: `Staff ${id}`, rating: 5 } })),
    ...Array.from({ length: SERVICES }, (_, id) => ({
      type: "service",
      id: String(id),
      attributes: { title: `Service ${id}`, price_min: 100 },
    })),
  ];
  return JSON.stringify({ data, included, meta: { count: resources } });
}

const WARMUP = 3;

/**
 * Each iteration parses the document and unwraps what it just parsed, as the SDK does with a
 * response, timing the two steps separately. (Unwrapping one long-lived document over and over, or
 * after a forced GC, measures V8's heap sizing instead.)
 */
export function runUnwrapBench(options: UnwrapBenchOptions): BenchResult {
  const started = performance.now();
  const text = appointmentDocument(options.resources);
  const parseSamples: number[] = [];
  const unwrapSamples: number[] = [];
  for (let i = 0; i < WARMUP + options.iterations; i++) {
    const parseStarted = performance.now();
    const document = JSON.parse(text) as Parameters<typeof unwrap>[0];
    const unwrapStarted = performance.now();
    const { data } = unwrap(document);
    const unwrapEnded = performance.now();
    if (!Array.isArray(data) || data.length !== options.resources) throw new Error("unwrap returned the wrong number of resources");
    if (i < WARMUP) continue;
    parseSamples.push(unwrapStarted - parseStarted);
    unwrapSamples.push(unwrapEnded - unwrapStarted);
  }
  const parseMs = median(parseSamples);
  const unwrapMs = median(unwrapSamples);
  const megabytes = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
  return {
    name: "unwrap",
    durationMs: performance.now() - started,
    rows: [
      row(
        `JSON:API unwrap, ${options.resources.toLocaleString("en-US")} resources × 3 relationships (${megabytes} MB)`,
        { label: "unwrap", value: unwrapMs, unit: "ms" },
        { label: "JSON.parse", value: parseMs, unit: "ms" },
        { on: "ratio", op: "<=", limit: 0.5 },
      ),
    ],
  };
}
