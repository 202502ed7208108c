/**
 * Lets a response's attempt deadline go as soon as its body is done with: read to the end, failed
 * or cancelled — through `text()`, `json()` and the other readers, or through `body`. Without this
 * the deadline timer (and everything it holds) would stay armed for the whole timeout.
 */

const ON_DONE = Symbol("altegio.onBodyDone");
const WRAPPED_BODY = Symbol("altegio.wrappedBody");

interface TrackedResponse extends Response {
  [ON_DONE]: () => void;
  [WRAPPED_BODY]?: ReadableStream<Uint8Array>;
}

type BodyReader = "text" | "json" | "arrayBuffer" | "blob" | "bytes" | "formData";
const BODY_READERS: readonly BodyReader[] = ["text", "json", "arrayBuffer", "blob", "bytes", "formData"];

/** Response.prototype seen as a table of readers (`bytes` is missing from Node 20's types). */
const nativeReaders = Response.prototype as unknown as Partial<Record<BodyReader, (this: Response) => Promise<unknown>>>;

const nativeBody = Object.getOwnPropertyDescriptor(Response.prototype, "body")?.get;

/** Reads the original stream only once the wrapper is read (highWaterMark 0), so `clone()` keeps working until then. */
function wrapBody(original: ReadableStream<Uint8Array>, onDone: () => void): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= original.getReader();
        try {
          const { done, value } = await reader.read();
          if (done) {
            onDone();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          onDone();
          controller.error(error);
        }
      },
      async cancel(reason) {
        onDone();
        await (reader ? reader.cancel(reason) : original.cancel(reason));
      },
    },
    { highWaterMark: 0 },
  );
}

const trackedPrototype: object = Object.create(Response.prototype, {
  ...Object.fromEntries(
    BODY_READERS.flatMap((name) => {
      const native = nativeReaders[name];
      return native ? [[name, native] as const] : [];
    }).map(([name, native]) => [
      name,
      {
        async value(this: TrackedResponse) {
          try {
            return await native.call(this);
          } finally {
            this[ON_DONE]();
          }
        },
        writable: true,
        configurable: true,
      },
    ]),
  ),
  body: {
    get(this: TrackedResponse) {
      const original = nativeBody?.call(this) as ReadableStream<Uint8Array> | null | undefined;
      if (!original) return original ?? null;
      return (this[WRAPPED_BODY] ??= wrapBody(original, this[ON_DONE]));
    },
    configurable: true,
  },
});

/** `response`, calling `onDone` (once is enough; it must be idempotent) when its body is finished with. */
export function disposeWhenBodyDone(response: Response, onDone: () => void): Response {
  if (response.body === null || Object.getPrototypeOf(response) !== Response.prototype) {
    // No body to wait for — or a Response subclass from a custom fetch, which keeps its own prototype.
    if (response.body === null) onDone();
    return response;
  }
  Object.setPrototypeOf(response, trackedPrototype);
  (response as TrackedResponse)[ON_DONE] = onDone;
  return response;
}
