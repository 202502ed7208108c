/**
 * Child process of the pagination bench (started with --expose-gc, so it can collect garbage before
 * each reading). Mode "sdk": iterates `total` v2 appointments through `paginate`, reporting memory at
 * the checkpoint and at the end, then the heap `toArray` holds for the same list. Mode "fetch": the
 * same pages read with bare `fetch` + `JSON.parse`, the runtime's own memory behaviour.
 */
import { createAltegioClient } from "../src/index.js";

export interface PaginationWorkerInput {
  readonly url: string;
  readonly total: number;
  readonly checkpoint: number;
  readonly mode: "sdk" | "fetch";
}

export interface MemoryReading {
  readonly heapUsed: number;
  readonly rss: number;
}

export interface PaginationWorkerReport {
  readonly items: number;
  readonly atCheckpoint: MemoryReading;
  readonly atEnd: MemoryReading;
  readonly peak: MemoryReading;
  /** Heap still held after collecting every item with `toArray()`, above the pre-collection heap (sdk mode). */
  readonly collectedHeap: number | null;
  readonly streamMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

function settledMemory(): MemoryReading {
  gc!();
  gc!();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

const input = JSON.parse(process.argv[2] ?? "{}") as PaginationWorkerInput;
const altegio = createAltegioClient({
  partnerToken: "bench-partner-token",
  userToken: "bench-user-token",
  baseUrl: input.url,
  rateLimit: false,
});
const list = () => altegio.location(1).v2.paginate("/locations/{location_id}/appointments");

async function* bareFetchItems(): AsyncGenerator<{ id: string }> {
  for (let page = 1; ; page++) {
    const response = await fetch(`${input.url}/v2/locations/1/appointments?page=${page}&limit=250`);
    const { data } = (await response.json()) as { data: { id: string }[] };
    yield* data;
    if (data.length < 250) return;
  }
}

let items = 0;
let atCheckpoint: MemoryReading | null = null;
const peak = { heapUsed: 0, rss: 0 };
const started = performance.now();
for await (const appointment of input.mode === "sdk" ? list() : bareFetchItems()) {
  if (appointment.id !== String(items + 1)) throw new Error(`item ${items + 1} came back as ${appointment.id}`);
  items++;
  if (items % 250 === 0) {
    const { heapUsed, rss } = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
    peak.rss = Math.max(peak.rss, rss);
  }
  if (items === input.checkpoint) atCheckpoint = settledMemory();
}
const streamMs = performance.now() - started;
const atEnd = settledMemory();
if (atCheckpoint === null || items !== input.total) throw new Error(`${input.mode} yielded ${items} of ${input.total} items`);

let collectedHeap: number | null = null;
if (input.mode === "sdk") {
  const beforeCollect = settledMemory();
  const collected = await list().toArray();
  collectedHeap = settledMemory().heapUsed - beforeCollect.heapUsed;
  if (collected.length !== input.total) throw new Error(`toArray returned ${collected.length} items`);
}

const report: PaginationWorkerReport = { items, atCheckpoint, atEnd, peak, collectedHeap, streamMs };
console.log(JSON.stringify(report));
