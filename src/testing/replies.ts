/**
 * Answers for mock handlers: Altegio's v1 envelope (`ok`), its failure envelope (`fail`,
 * `rateLimited`) and JSON:API documents (`jsonApi`, `resource`). Success replies are MSW
 * `HttpResponse`s typed by their body, so a handler checks them against its operation; failures are
 * accepted by every handler, whatever the operation documents.
 */
import { HttpResponse, type HttpResponseInit, type JsonBodyType } from "msw";
import type { FieldErrors } from "../facade/api-body.js";

/** Status and headers of a reply (the body comes from the helper). */
export type ReplyInit = Omit<HttpResponseInit, "status"> & { status?: number };

/** Altegio's failure body, v1 and v2 alike: `{ success: false, data: null, meta: { message, errors? } }`. */
export interface FailureBody {
  success: false;
  data: null;
  meta: { message: string; errors?: FieldErrors };
}

declare const failureBrand: unique symbol;

/**
 * A failure reply. Not an `HttpResponse<Body>`: it fits every handler, because Altegio answers any
 * operation with 4xx/5xx whether or not the spec lists the status.
 */
export interface AltegioFailureResponse extends Response {
  readonly [failureBrand]: FailureBody;
}

/** v1's success envelope as `ok` sends it. */
export type OkBody<Data, Meta> = {
  success: true;
  data: Data;
  meta: Meta;
};

/**
 * The type a reply helper's argument is checked against: `Expected`, the part of the body the
 * handler's operation expects there (inferred from where the reply is returned, never from the
 * argument, so an object literal is checked exactly: a misspelled property is an error), or, where
 * the reply is built outside a handler (`Expected` not inferred), `Given`, what the argument is.
 */
export type Checked<Expected, Given> = [Expected] extends [never] ? Given : NoInfer<Expected>;

/** What a reply helper's body holds: the expected type where there is one, else what was given. */
export type Chosen<Expected, Given> = [Expected] extends [never] ? Given : Expected;

/**
 * The v1 success envelope `{ success: true, data, meta }`, status 200 unless `init.status` says
 * otherwise. Without `meta` it sends `meta: []`, as Altegio does when it has nothing to say; the
 * type then takes the operation's meta type, which every such operation allows to be absent or `[]`.
 * Returned from a handler, `data` and `meta` are checked exactly against the operation's (where its
 * type is closed): a property it does not have is an error, as with openapi-msw's `response(200).json`.
 */
export function ok<
  Data extends JsonBodyType = never,
  Meta extends JsonBodyType = never,
  GivenData extends JsonBodyType = Data,
  GivenMeta extends JsonBodyType = [],
>(
  data: Checked<Data, GivenData>,
  meta?: Checked<Meta, GivenMeta>,
  init?: ReplyInit,
): HttpResponse<OkBody<Chosen<Data, GivenData>, Chosen<Meta, GivenMeta>>> {
  return HttpResponse.json({ success: true, data, meta: meta ?? [] } as OkBody<Chosen<Data, GivenData>, Chosen<Meta, GivenMeta>>, init);
}

function failureStatus(status: number): number {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`altegio-sdk/testing: a failure status is an integer in 400–599, got ${String(status)}`);
  }
  return status;
}

function failureResponse(body: FailureBody, status: number, init: Omit<ReplyInit, "status">): AltegioFailureResponse {
  return HttpResponse.json(body, { ...init, status: failureStatus(status) }) as Response as AltegioFailureResponse;
}

/**
 * A failure the way Altegio answers one: `{ success: false, data: null, meta: { message, errors } }`
 * under `status` (400–599). The client turns it into the typed error for the status: 422 with
 * `fieldErrors` into `AltegioValidationError` with those field errors, 404 into `AltegioNotFoundError`, ...
 */
export function fail(
  status: number,
  message: string,
  fieldErrors?: FieldErrors,
  init: Omit<ReplyInit, "status"> = {},
): AltegioFailureResponse {
  const meta = fieldErrors === undefined ? { message } : { message, errors: fieldErrors };
  return failureResponse({ success: false, data: null, meta }, status, init);
}

export interface RateLimitedOptions {
  /** The wait to announce, in whole seconds. Default 0 ("under a second", as Altegio often says). */
  retryAfterSeconds?: number;
  /**
   * Where to announce it: `"message"` (default) in `meta.message` only, the way Altegio's 429 usually
   * comes, with no `Retry-After`; `"header"` as `Retry-After` (and a message without a number);
   * `"none"` nowhere, so the client falls back to its backoff.
   */
  announce?: "message" | "header" | "none";
  headers?: HttpResponseInit["headers"];
}

/**
 * Altegio's 429. The client retries it (idempotent methods, `retry.retries` times), waiting what the
 * answer announces but never less than its backoff, then throws `AltegioRateLimitError`.
 */
export function rateLimited(options: RateLimitedOptions = {}): AltegioFailureResponse {
  const seconds = options.retryAfterSeconds ?? 0;
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new RangeError(`altegio-sdk/testing: retryAfterSeconds is a whole number of seconds >= 0, got ${String(seconds)}`);
  }
  const announce = options.announce ?? "message";
  const message = announce === "message" ? `Too many requests. Try again in ${seconds} seconds` : "Too many requests";
  const headers = new Headers(options.headers);
  if (announce === "header") headers.set("retry-after", String(seconds));
  return failureResponse({ success: false, data: null, meta: { message } }, 429, { headers });
}

/** A JSON:API resource object `{ type, id, attributes, relationships? }`. */
export type ResourceBody<Type extends string, Attributes, Relationships> = {
  type: Type;
  id: string;
  attributes: Attributes;
  relationships?: Relationships;
};

/** A `{ type, id }` pointer, for relationships: `{ resources: { data: [ref("resource", 9)] } }`. */
export function ref<Type extends string>(type: Type, id: string | number): { type: Type; id: string } {
  return { type, id: String(id) };
}

/**
 * A JSON:API resource object; a numeric `id` is sent as a string, as JSON:API requires. Where the
 * document it is part of is returned from a handler, `attributes` and `relationships` are checked
 * exactly against the operation's.
 */
export function resource<
  Type extends string,
  Attributes extends object = never,
  Relationships extends object = never,
  GivenAttributes extends object = Attributes,
  GivenRelationships extends object = never,
>(
  type: Type,
  id: string | number,
  attributes: Checked<Attributes, GivenAttributes>,
  relationships?: Checked<Relationships, GivenRelationships>,
): ResourceBody<Type, Chosen<Attributes, GivenAttributes>, Chosen<Relationships, GivenRelationships>> {
  const base = { type, id: String(id), attributes: attributes as Chosen<Attributes, GivenAttributes> };
  return relationships === undefined ? base : { ...base, relationships: relationships as Chosen<Relationships, GivenRelationships> };
}

type JsonApiDocument = { data: JsonBodyType; included?: readonly object[]; meta?: JsonBodyType };

/**
 * A JSON:API document (v2), status 200 unless `init.status` says otherwise, sent as
 * `application/vnd.api+json`. The document is sent as given: side-loaded resources go in `included`.
 * Returned from a handler, an object literal is checked exactly against the operation's document.
 */
export function jsonApi<Document extends JsonApiDocument = never, Given extends JsonApiDocument = Document>(
  document: Checked<Document, Given>,
  init: ReplyInit = {},
): HttpResponse<Chosen<Document, Given>> {
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/vnd.api+json");
  return HttpResponse.json(document as Chosen<Document, Given>, { ...init, headers });
}
