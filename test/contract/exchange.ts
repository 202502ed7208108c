import type { Middleware } from "openapi-fetch";
import { isRecord } from "../../scripts/lib/openapi-doc.js";

/**
 * What went over the wire for one SDK call, captured by a per-request middleware (after the SDK's
 * own middleware has set its headers), and how Prism judged it.
 */
export interface WireExchange {
  readonly url: URL;
  readonly authorization: string | null;
  readonly status: number;
  readonly contentType: string;
  /** Prism's `sl-violations` header: what it found wrong with the request and its own response. */
  readonly violations: string | null;
  readonly bodyText: string;
}

/** A recorded exchange, with the request headers the SDK is responsible for. */
export interface RecordedExchange extends WireExchange {
  readonly accept: string | null;
  /** `Content-Type` of the request (not of the response). */
  readonly requestContentType: string | null;
}

export interface ExchangeRecorder {
  readonly middleware: Middleware;
  /** The exchange, once the response has arrived. */
  readonly exchange: () => RecordedExchange | undefined;
}

/** The exchange of `request` (as sent, headers included) and its `response` (read from a clone). */
export async function exchangeOf(request: Request, response: Response): Promise<RecordedExchange> {
  return {
    url: new URL(request.url),
    authorization: request.headers.get("Authorization"),
    accept: request.headers.get("Accept"),
    requestContentType: request.headers.get("Content-Type"),
    status: response.status,
    contentType: response.headers.get("Content-Type") ?? "",
    violations: response.headers.get("sl-violations"),
    bodyText: await response.clone().text(),
  };
}

export function recordExchange(): ExchangeRecorder {
  let exchange: RecordedExchange | undefined;
  const middleware: Middleware = {
    async onResponse({ request, response }) {
      exchange = await exchangeOf(request, response);
    },
  };
  return { middleware, exchange: () => exchange };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Messages of `sl-violations` entries about the request (not the mock's own response). */
function requestViolations(header: string | null): string[] {
  const entries = header === null ? [] : parseJson(header);
  if (!Array.isArray(entries)) return header === null ? [] : [`unreadable sl-violations: ${header}`];
  return entries
    .filter((entry) => isRecord(entry) && Array.isArray(entry["location"]) && entry["location"][0] === "request")
    .map((entry) => String((entry as Record<string, unknown>)["message"]));
}

/** Prism's own error document (`application/problem+json`, type `.../prism/errors#...`), if that is the body. */
function prismProblem(exchange: WireExchange): string | null {
  if (!exchange.contentType.includes("problem+json")) return null;
  const problem = parseJson(exchange.bodyText);
  if (!isRecord(problem) || !String(problem["type"]).includes("prism/errors")) return null;
  const validation = Array.isArray(problem["validation"])
    ? problem["validation"].map((entry) => (isRecord(entry) ? String(entry["message"]) : String(entry)))
    : [];
  return [`${String(problem["title"])}: ${String(problem["detail"])}`, ...validation].join("; ");
}

/**
 * Why Prism did not accept the request, or null when it did. Prism reports invalid requests as
 * problem+json, or — when the operation documents a 4xx — with that response plus `sl-violations`;
 * a 401 means it found no acceptable credentials.
 */
export function prismRejection(exchange: WireExchange): string | null {
  const problem = prismProblem(exchange);
  if (problem !== null) return problem;
  const violations = requestViolations(exchange.violations);
  if (violations.length > 0) return `request violations: ${violations.join("; ")}`;
  if (exchange.status === 401) return "401: Prism found no acceptable credentials";
  return null;
}
