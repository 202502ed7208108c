/**
 * Reading a response body inside the attempt that fetched it, so that a connection dropped mid-body
 * or a body that stops arriving is that attempt's failure (and can be retried), and so that no body
 * is buffered past a limit. The Response is handed back as it was, its readers served from the bytes.
 */
import { untilAborted } from "./abort.js";

/** The most an error body is read (the rest is cancelled): enough for any message, not a 200 MB page. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A success body is larger than `maxResponseBytes`. Thrown by `readBodyBytes`; the transport makes it an SDK error. */
export class BodyLimitExceeded extends Error {
  constructor(readonly limitBytes: number) {
    super(`The response body exceeds ${limitBytes} bytes`);
  }
}

/** A declared length above the limit is decisive only for a body read as sent (no content coding in between). */
function declaredBeyond(headers: Headers, limit: number): boolean {
  const length = headers.get("content-length");
  if (length === null) return false;
  const bytes = Number(length);
  if (!Number.isSafeInteger(bytes) || bytes <= limit) return false;
  const coding = headers.get("content-encoding");
  return coding === null || coding.toLowerCase() === "identity";
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Bodies `readBodyBytes` cut at the limit: their text may end inside an echoed secret. */
const cutBodies = new WeakSet<Uint8Array>();

/**
 * Reads at most `limit` bytes, counting as they arrive; then truncates, or throws BodyLimitExceeded.
 * With `signal`, for a stream that may ignore it (a custom fetch's), a read still pending when the
 * signal aborts rejects with its reason and the stream is cancelled.
 */
async function readCounting(
  body: ReadableStream<Uint8Array>,
  limit: number,
  truncate: boolean,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  for (;;) {
    const { done, value } = await (signal
      ? untilAborted(reader.read(), signal, () => {
          cancel();
          return signal.reason;
        })
      : reader.read());
    if (done) return concat(chunks, total);
    // A custom fetch's stream of strings would make the count NaN (no limit) and the loop never yield.
    if (!(value instanceof Uint8Array)) {
      cancel();
      throw new TypeError("The response body sent a chunk that is not bytes (a Uint8Array)");
    }
    if (total + value.byteLength > limit) {
      cancel();
      if (!truncate) throw new BodyLimitExceeded(limit);
      chunks.push(value.subarray(0, limit - total));
      const cut = concat(chunks, limit);
      cutBodies.add(cut);
      return cut;
    }
    chunks.push(value);
    total += value.byteLength;
  }
}

/**
 * The body's bytes, or `null` for a response without one. Success bodies above `maxBytes` throw
 * BodyLimitExceeded; failure bodies (`!response.ok`) are cut to MAX_ERROR_BODY_BYTES instead.
 */
export async function readBodyBytes(response: Response, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array | null> {
  const body = response.body;
  if (body === null) return null;
  const truncate = !response.ok;
  const limit = truncate ? Math.min(maxBytes, MAX_ERROR_BODY_BYTES) : maxBytes;
  if (!truncate && declaredBeyond(response.headers, limit)) {
    void body.cancel().catch(() => undefined);
    throw new BodyLimitExceeded(limit);
  }
  // The stream's own chunks, not `arrayBuffer()`: that copies the body twice more (µs per response).
  return readCounting(body, limit, truncate, signal);
}

const BYTES = Symbol("altegio.bodyBytes");
const USED = Symbol("altegio.bodyUsed");
const STREAM = Symbol("altegio.bodyStream");

interface BufferedResponse extends Response {
  [BYTES]: Uint8Array;
  [USED]: boolean;
  [STREAM]?: ReadableStream<Uint8Array>;
}

const decoder = new TextDecoder();

/** The bytes as text, as `Response.text()` decodes them (UTF-8, a BOM dropped); `""` for no body. */
export function textOf(bytes: Uint8Array | null): string {
  return bytes === null ? "" : decoder.decode(bytes);
}

/** The bytes a buffered response holds, read or not; `undefined` for a response the transport did not buffer. */
export function bufferedBytesOf(response: Response): Uint8Array | undefined {
  return (response as Partial<BufferedResponse>)[BYTES];
}

/** True for a response whose buffered body was cut at the error body limit. */
export function isBodyCut(response: Response): boolean {
  const bytes = bufferedBytesOf(response);
  return bytes !== undefined && cutBodies.has(bytes);
}

/** The bytes, once: a second read fails as it does on any Response. */
function take(response: BufferedResponse): Uint8Array {
  if (response[USED]) throw new TypeError("Body is unusable: Body has already been read");
  response[USED] = true;
  return response[BYTES];
}

/** Runs `read` as a native body reader would: its failure is a rejection, not a throw. */
function settle<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (error) {
    return Promise.reject(error);
  }
}

function copyOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

const method = (value: (this: BufferedResponse) => unknown): PropertyDescriptor => ({ value, writable: true, configurable: true });
const getter = (get: (this: BufferedResponse) => unknown): PropertyDescriptor => ({ get, configurable: true });

const bufferedMembers: PropertyDescriptorMap = {
  text: method(function () {
    return settle(() => decoder.decode(take(this)));
  }),
  json: method(function () {
    return settle(() => JSON.parse(decoder.decode(take(this))) as unknown);
  }),
  arrayBuffer: method(function () {
    return settle(() => copyOf(take(this)).buffer);
  }),
  bytes: method(function () {
    return settle(() => copyOf(take(this)));
  }),
  blob: method(function () {
    return settle(() => new Blob([copyOf(take(this))], { type: this.headers.get("content-type") ?? "" }));
  }),
  formData: method(function () {
    return settle(() => new Response(copyOf(take(this)), { headers: this.headers }).formData());
  }),
  body: getter(function () {
    if (this[STREAM] === undefined) {
      const response = this;
      this[STREAM] = new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(copyOf(take(response)));
          controller.close();
        },
        cancel() {
          response[USED] = true;
        },
      });
    }
    return this[STREAM];
  }),
  bodyUsed: getter(function () {
    return this[USED];
  }),
  clone: method(function () {
    if (this[USED]) throw new TypeError("Response.clone: Body has already been consumed.");
    const copy = new Response(null, { status: this.status, statusText: this.statusText, headers: this.headers });
    return bufferResponse(copy, this[BYTES]);
  }),
};

/** One buffered prototype per native one: a custom fetch's Response subclass keeps its own members. */
const bufferedPrototypes = new WeakMap<object, object>();

function bufferedPrototypeOf(prototype: object): object {
  let buffered = bufferedPrototypes.get(prototype);
  if (buffered === undefined) {
    buffered = Object.create(prototype, bufferedMembers) as object;
    bufferedPrototypes.set(prototype, buffered);
  }
  return buffered;
}

/**
 * `response`, its body readers (`text()`, `json()`, `body`, `clone()`, …) now served from `bytes`.
 * Only the members of the body are replaced; status, headers and the rest stay native.
 */
export function bufferResponse<R extends Response>(response: R, bytes: Uint8Array): R {
  const buffered = response as R & BufferedResponse;
  // Own properties first: added after the prototype is replaced, they cost V8 a slow-mode object (µs per response).
  buffered[BYTES] = bytes;
  buffered[USED] = false;
  buffered[STREAM] = undefined;
  Object.setPrototypeOf(response, bufferedPrototypeOf(Object.getPrototypeOf(response) as object));
  return response;
}

/**
 * `response` with its `body` a stream that calls `done` once, when it ends, fails or is cancelled:
 * for a success body passed through to the caller (`parseAs: "stream"`), whose deadline is left
 * then rather than when it would fire. The source is read only once the caller reads.
 */
export function onBodyDone<R extends Response>(response: R, done: () => void): R {
  const source = response.body;
  if (source === null) {
    done();
    return response;
  }
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    done();
  };
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      reader ??= source.getReader();
      try {
        const { done: ended, value } = await reader.read();
        if (ended) {
          finish();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader ? reader.cancel(reason) : source.cancel(reason);
    },
  });
  Object.defineProperty(response, "body", { value: body, configurable: true });
  return response;
}
