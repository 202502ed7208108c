/**
 * Data-or-throw variants of openapi-fetch's methods: `client.get(path, init)` resolves to the success
 * body and throws the SDK's typed errors instead of returning `{ data, error, response }`.
 *
 * - non-2xx → the AltegioApiError subclass for the status (`errorFromResponse`);
 * - 2xx with `{ success: false }` (Altegio does that) or a JSON:API `{ errors }` without `data` → AltegioApiError /
 *   AltegioValidationError;
 * - 2xx whose body is not JSON (a proxy's HTML page) → AltegioApiError with `bodyExcerpt`, never a
 *   SyntaxError;
 * - an empty 2xx body (204) → `undefined`.
 * `parseAs` other than "json" is honoured: the body comes back as text/blob/stream after the status check.
 */
import { isApiFailureBody, parseJsonText } from "./api-body.js";
import { errorFromResponse } from "./errors.js";
import { bufferedBytesOf, textOf } from "./response-body.js";
import { secretsOfRequest, secretValuesOf } from "./redact.js";
import type {
  DataCall,
  HttpMethod,
  InitArgs,
  InitOf,
  OperationOf,
  PathsWithMethod,
  RawInit,
  RawRequest,
  ResponseOf,
  SuccessBody,
} from "./typed-client.js";

export type DataMethod<Paths, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends InitOf<OperationOf<Paths, Path, Method>>,
>(
  url: Path,
  ...init: InitArgs<Init>
) => Promise<SuccessBody<ResponseOf<OperationOf<Paths, Path, Method>, Init>>>;

export interface DataMethods<Paths> {
  /** GET, resolving to the success body; throws AltegioError subclasses on failure. */
  get: DataMethod<Paths, "get">;
  post: DataMethod<Paths, "post">;
  put: DataMethod<Paths, "put">;
  patch: DataMethod<Paths, "patch">;
  delete: DataMethod<Paths, "delete">;
}

/** `application/json`, `application/vnd.api.v2+json` and the like. */
const JSON_MEDIA_TYPE = /^[^;]*[/+]json\s*(;|$)/i;

/**
 * The failure body's text, as received: openapi-fetch hands it over parsed, and writing a parsed
 * 100 000-level document back to text would overflow the stack. Only a response a middleware put in
 * place of the transport's is re-serialised, as far as that goes.
 */
function bodyTextOfError(response: Response, error: unknown): string {
  const bytes = bufferedBytesOf(response);
  try {
    return bytes ? textOf(bytes) : typeof error === "string" ? error : (JSON.stringify(error) ?? "");
  } catch {
    return "";
  }
}

/** The SDK error for a failed call: its request as sent names it, and its credentials are scrubbed from what the error holds. */
function failureOf(
  method: HttpMethod,
  path: string,
  init: RawInit | undefined,
  sent: DataCall["sent"],
  response: Response,
  bodyText: string,
) {
  return errorFromResponse({
    method,
    url: sent.request?.url ?? path,
    response,
    bodyText,
    // The credentials sent: the tokens (in the header or the query), and secret fields of the body (a login's password and code).
    knownSecrets: [...(sent.request ? secretsOfRequest(sent.request) : []), ...secretValuesOf(init?.body)],
  });
}

/**
 * Sends one request and returns its success body, or throws the matching SDK error. `kept`, when
 * given, receives the Response (named methods' `.withResponse()`): one async step per call, not two.
 */
export async function requestData(
  request: RawRequest,
  method: HttpMethod,
  path: string,
  init: RawInit | undefined,
  kept?: { response?: Response },
): Promise<unknown> {
  const parseAs = init?.parseAs ?? "json";
  // The request as sent, whatever the caller's middleware did to it, so an error can name it and scrub its credentials.
  const sent: DataCall["sent"] = {};
  // Parsed here rather than by openapi-fetch, so a non-JSON success body becomes our error, not a SyntaxError.
  const { data, error, response } = await request(method, path, init, { parseAs: parseAs === "json" ? "text" : parseAs, sent });
  if (kept) kept.response = response;
  if (!response.ok) throw failureOf(method, path, init, sent, response, bodyTextOfError(response, error));
  if (parseAs !== "json") {
    // A file asked for (a PDF receipt) may come back as Altegio's 200 failure envelope, which its JSON type tells apart.
    const bytes = JSON_MEDIA_TYPE.test(response.headers.get("content-type") ?? "") ? bufferedBytesOf(response) : undefined;
    const bodyText = bytes === undefined ? "" : textOf(bytes);
    if (bytes !== undefined && isApiFailureBody(parseJsonText(bodyText))) throw failureOf(method, path, init, sent, response, bodyText);
    return data;
  }
  const bodyText = typeof data === "string" ? data : "";
  if (bodyText.trim() === "") return undefined;
  const body = parseJsonText(bodyText);
  if (body === undefined || isApiFailureBody(body)) throw failureOf(method, path, init, sent, response, bodyText);
  return body;
}

export function createDataMethods<Paths>(request: RawRequest): DataMethods<Paths> {
  const method =
    (name: HttpMethod) =>
    (path: string, init?: RawInit): Promise<unknown> =>
      requestData(request, name, path, init);
  const methods = { get: method("get"), post: method("post"), put: method("put"), patch: method("patch"), delete: method("delete") };
  // The typed signatures are a view of the same runtime calls; openapi-fetch checks nothing at runtime either.
  return methods as unknown as DataMethods<Paths>;
}
