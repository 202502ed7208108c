import { createHash } from "node:crypto";
import { open, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { BUNDLE_NAMES, DEFAULT_BASE_URL, bundleFileName, bundlePath, bundleUrl, openapiDir, type BundleName } from "./bundles.js";
import { isRecord, openApiStats } from "./openapi-doc.js";
import { OpenApiTextError, parseOpenApiText, type ParsedOpenApi } from "./openapi-parse.js";
import { errorCode, isErrorLike } from "./cli.js";
import { writeFileAtomic } from "./write-atomic.js";

export const DEFAULT_TIMEOUT_MS = 60_000;
/** The most a download or a mirror file may hold (a published bundle is under 2 MB): a broken source cannot fill memory. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
/** The longest timeout a timer can take (2^31 - 1 ms); longer ones fire after 1 ms. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

export type SpecFetchErrorKind =
  | "config"
  | "http-status"
  | "timeout"
  | "unreachable"
  | "network"
  | "too-large"
  | "mirror-missing"
  | "mirror-unreadable"
  | "not-text"
  | "html"
  | "invalid-yaml"
  | "not-openapi"
  | "unresolved-ref"
  | "truncated"
  | "wrong-bundle";

/** Every way getting a bundle can fail; `message` is one line meant for a human. */
export class SpecFetchError extends Error {
  override readonly name = "SpecFetchError";
  constructor(
    readonly kind: SpecFetchErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface FetchOptions {
  /** Directory holding `b2b-v1.openapi.yaml` / `b2b-v2.openapi.yaml`; read instead of the network. */
  readonly mirror?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly timeoutMs?: number | undefined;
  /** Cap on a downloaded body or a mirror file; {@link MAX_BUNDLE_BYTES} by default. */
  readonly maxBytes?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
}

export type BundleSource = "mirror" | "network";

export interface FetchedBundle {
  readonly name: BundleName;
  /** Where the bundle is published (for a mirror: the address the mirrored file came from). */
  readonly url: string;
  readonly source: BundleSource;
  /** The file or URL the bytes were actually read from. */
  readonly from: string;
  readonly text: string;
  /** The parsed document, checked to be OpenAPI 3.x with every local `$ref` resolving. */
  readonly doc: Record<string, unknown>;
  readonly sha256: string;
  readonly bytes: number;
  readonly openapi: string;
  readonly paths: number;
  readonly operations: number;
}

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
}

/** Options from `ALTEGIO_OPENAPI_MIRROR`, `ALTEGIO_OPENAPI_BASE_URL`, `ALTEGIO_OPENAPI_TIMEOUT_MS`. */
export function fetchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): FetchOptions {
  const mirror = env["ALTEGIO_OPENAPI_MIRROR"] || undefined;
  const baseUrl = env["ALTEGIO_OPENAPI_BASE_URL"] || undefined;
  const timeoutText = env["ALTEGIO_OPENAPI_TIMEOUT_MS"] || undefined;
  if (baseUrl !== undefined && !isHttpUrl(baseUrl)) {
    throw new SpecFetchError("config", `ALTEGIO_OPENAPI_BASE_URL must be an http(s) URL, got "${baseUrl}"`);
  }
  let timeoutMs: number | undefined;
  if (timeoutText !== undefined) {
    timeoutMs = Number(timeoutText);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
      throw new SpecFetchError(
        "config",
        `ALTEGIO_OPENAPI_TIMEOUT_MS must be a positive whole number of milliseconds (at most ${MAX_TIMEOUT_MS}), got "${timeoutText}"`,
      );
    }
  }
  return { mirror, baseUrl, timeoutMs };
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const DROPPED_CODES = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

function downloadError(error: unknown, name: BundleName, url: string, timeoutMs: number): SpecFetchError {
  if (error instanceof SpecFetchError) return error;
  const prefix = `${name}: GET ${url}`;
  if (isErrorLike(error) && error.name === "TimeoutError") {
    return new SpecFetchError(
      "timeout",
      `${prefix} timed out after ${timeoutMs} ms (raise ALTEGIO_OPENAPI_TIMEOUT_MS, or set ALTEGIO_OPENAPI_MIRROR to a directory holding the bundles)`,
      { cause: error },
    );
  }
  const code = errorCode(error);
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new SpecFetchError(
      "unreachable",
      `${prefix} failed: host unreachable (${code}); without network, set ALTEGIO_OPENAPI_MIRROR to a directory holding the bundles`,
      { cause: error },
    );
  }
  if (code !== undefined && DROPPED_CODES.has(code)) {
    return new SpecFetchError("network", `${prefix} failed: connection closed before the whole bundle arrived (${code})`, {
      cause: error,
    });
  }
  let reason = error instanceof Error ? error.message : String(error);
  // undici says only "fetch failed"; the reason (e.g. "redirect count exceeded") is in `cause`.
  const cause = isErrorLike(error) ? error.cause : undefined;
  if (cause instanceof Error && cause.message !== "" && cause.message !== reason) reason = cause.message;
  return new SpecFetchError("network", `${prefix} failed: ${reason}${code ? ` (${code})` : ""}`, { cause: error });
}

function formatLimit(limit: number): string {
  return limit % 1048576 === 0 ? `${limit / 1048576} MiB` : `${limit} bytes`;
}

/** The body, read chunk by chunk and given up on (the connection dropped) once it passes `limit` bytes. */
async function readCapped(response: Response, name: BundleName, url: string, limit: number): Promise<Uint8Array> {
  const tooLarge = new SpecFetchError("too-large", `${name}: GET ${url} sent more than the limit of ${formatLimit(limit)}`);
  if (Number(response.headers.get("content-length")) > limit) {
    await response.body?.cancel();
    throw tooLarge;
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  // Leaving the loop by a throw cancels the stream.
  for await (const chunk of response.body ?? []) {
    bytes += chunk.byteLength;
    if (bytes > limit) throw tooLarge;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, bytes);
}

async function download(name: BundleName, url: string, options: FetchOptions): Promise<{ body: Uint8Array; contentType: string }> {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // One signal for headers and body: a server that stalls mid-body times out too.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(url, {
      signal,
      headers: { accept: "application/yaml, text/yaml;q=0.9, */*;q=0.1" },
    });
    if (!response.ok) {
      await response.body?.cancel();
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
      throw new SpecFetchError("http-status", `${name}: GET ${url} answered HTTP ${status}`);
    }
    return {
      body: await readCapped(response, name, url, options.maxBytes ?? MAX_BUNDLE_BYTES),
      contentType: response.headers.get("content-type") ?? "",
    };
  } catch (error) {
    throw downloadError(error, name, url, timeoutMs);
  }
}

/**
 * The file's bytes, refused once past `limit`: a regular file by its size before reading, anything
 * else (a device, a FIFO, a file still growing) while reading, so `/dev/zero` fails at once.
 */
async function readFileCapped(file: string, limit: number, tooLarge: () => SpecFetchError): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const info = await handle.stat();
    if (info.isFile() && info.size > limit) throw tooLarge();
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(1024 * 1024, limit + 1 - bytes));
      const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, null);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      if (bytes > limit) throw tooLarge();
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return new Uint8Array(Buffer.concat(chunks, bytes));
  } finally {
    await handle.close();
  }
}

async function readMirror(name: BundleName, mirror: string, limit: number): Promise<{ file: string; body: Uint8Array }> {
  const dir = resolve(mirror);
  const file = join(dir, bundleFileName(name));
  const tooLarge = () => new SpecFetchError("too-large", `${name}: mirror file ${file} is over the limit of ${formatLimit(limit)}`);
  try {
    return { file, body: await readFileCapped(file, limit, tooLarge) };
  } catch (error) {
    if (error instanceof SpecFetchError) throw error;
    const code = errorCode(error);
    if (code === "ENOENT") {
      const dirExists = await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      );
      const where = dirExists ? `mirror file ${file} does not exist` : `mirror directory ${dir} does not exist`;
      throw new SpecFetchError("mirror-missing", `${name}: ${where} (ALTEGIO_OPENAPI_MIRROR=${mirror})`, {
        cause: error,
      });
    }
    throw new SpecFetchError("mirror-unreadable", `${name}: cannot read mirror file ${file} (${code ?? String(error)})`, {
      cause: error,
    });
  }
}

/** {@link parseOpenApiText}, with its failures as {@link SpecFetchError}s of the same kind. */
export function parseBundleText(label: string, body: Uint8Array, contentType = ""): ParsedOpenApi {
  try {
    return parseOpenApiText(label, body, contentType);
  } catch (error) {
    if (error instanceof OpenApiTextError) throw new SpecFetchError(error.kind, error.message, { cause: error.cause });
    throw error;
  }
}

/** The API version (`1`, `2`) a bundle name stands for. */
function bundleVersion(name: BundleName): string {
  return name.replace(/^b2b-v/, "");
}

/**
 * A reason to refuse a bundle whose `servers` all belong to another API version (`b2b-v1` with
 * servers ending in `/v2`: the two mirror files swapped); undefined when any server fits or none says.
 */
function otherVersionServers(name: BundleName, doc: Record<string, unknown>): string | undefined {
  const servers = doc["servers"];
  if (!Array.isArray(servers)) return undefined;
  const urls = servers.flatMap((server) => (isRecord(server) && typeof server["url"] === "string" ? [server["url"]] : []));
  const versions = urls.map((url) => /\/v(\d+)\/?$/.exec(url)?.[1]);
  const own = bundleVersion(name);
  if (urls.length === 0 || versions.some((version) => version === undefined || version === own)) return undefined;
  return `its servers (${urls.join(", ")}) are for API v${versions[0]}, not v${own}: is it the other bundle?`;
}

/** A fetched bundle, checked by {@link parseOpenApiText}, and measured. */
export function parseBundle(
  origin: { name: BundleName; url: string; source: BundleSource; from: string; contentType?: string },
  body: Uint8Array,
): FetchedBundle {
  const label = `${origin.name}: ${origin.from}`;
  const { text, doc, format } = parseBundleText(label, body, origin.contentType);
  // A YAML cut inside `paths` (which comes last) often still parses and resolves; the published
  // bundles end with a newline, so one that does not was cut short.
  if (format === "yaml" && !text.endsWith("\n")) {
    throw new SpecFetchError("truncated", `${label} is cut short: it does not end with a newline`);
  }
  const wrongVersion = otherVersionServers(origin.name, doc);
  if (wrongVersion !== undefined) throw new SpecFetchError("wrong-bundle", `${label} is not ${origin.name}: ${wrongVersion}`);
  return {
    name: origin.name,
    url: origin.url,
    source: origin.source,
    from: origin.from,
    text,
    doc,
    sha256: sha256Hex(body),
    bytes: body.byteLength,
    openapi: String(doc["openapi"]),
    ...openApiStats({ paths: doc["paths"] }),
  };
}

/** Gets one bundle from the mirror when `options.mirror` is set, else from the network. */
export async function fetchBundle(name: BundleName, options: FetchOptions = {}): Promise<FetchedBundle> {
  const url = bundleUrl(name, options.baseUrl ?? DEFAULT_BASE_URL);
  if (options.mirror !== undefined) {
    const { file, body } = await readMirror(name, options.mirror, options.maxBytes ?? MAX_BUNDLE_BYTES);
    return parseBundle({ name, url, source: "mirror", from: file }, body);
  }
  const { body, contentType } = await download(name, url, options);
  return parseBundle({ name, url, source: "network", from: url, contentType }, body);
}

/** Both bundles, fetched concurrently; the first failure (in bundle order) is thrown. */
export async function fetchBundles(options: FetchOptions = {}): Promise<FetchedBundle[]> {
  const results = await Promise.allSettled(BUNDLE_NAMES.map((name) => fetchBundle(name, options)));
  return results.map((result) => {
    if (result.status === "rejected") throw result.reason;
    return result.value;
  });
}

/** Writes the bundle to `<dir>/bundles/<name>.openapi.yaml` atomically; returns the path. */
export async function writeBundle(bundle: FetchedBundle, dir: string = openapiDir()): Promise<string> {
  const file = bundlePath(bundle.name, dir);
  await writeFileAtomic(file, bundle.text);
  return file;
}

/** Hash and size of the bundle already in `<dir>/bundles/`, or null when there is none. */
export async function localBundleDigest(name: BundleName, dir: string = openapiDir()): Promise<{ sha256: string; bytes: number } | null> {
  try {
    const body = await readFile(bundlePath(name, dir));
    return { sha256: sha256Hex(body), bytes: body.byteLength };
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}
