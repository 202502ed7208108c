/**
 * The request function every surface of one API version calls through, over its openapi-fetch
 * client. Each call gets the query serializer its operation needs (query-styles.ts) and a
 * preparation: the route check (path-guard.ts), then auth and standard headers (auth.ts).
 *
 * Where the preparation runs: openapi-fetch's middleware path costs about a tenth of a request's CPU
 * on loopback (a random id, a frozen options object and an await per middleware, per request), so a
 * call that no caller's middleware sees carries its preparation on the Request, and the transport
 * runs it before the first attempt. Once a caller adds middleware (`use()`, or `middleware` in a
 * call's options), the preparation runs as the first middleware instead, so the caller's middleware
 * sees the request with its headers set and can change them; so it does for a call with its own
 * `fetch` (which skips the transport) or `Request` class (whose Requests carry no preparation).
 */
import type { Client, Middleware } from "openapi-fetch";
import { authorizeRequest, type Credentials } from "./auth.js";
import { AltegioConfigurationError, AltegioError } from "./errors.js";
import type { OperationIndex } from "./operations.js";
import { assertRouteKept } from "./path-guard.js";
import { styledQuerySerializer } from "./query-styles.js";
import { keepBodyStreamed, PREPARATION, runPreparation, type Preparation } from "./transport.js";
import { headersOf, rawRequestOf, type DataCall, type RawInit, type RawRequest } from "./typed-client.js";
import { checkCallInit } from "./validation.js";

export interface VersionRequest {
  /** Every call of the version's surfaces goes through this. */
  readonly request: RawRequest;
  /** openapi-fetch's `use`: the SDK's preparation is registered ahead of the first middleware added. */
  readonly use: (...middleware: Middleware[]) => void;
  readonly eject: (...middleware: Middleware[]) => void;
}

interface VersionRequestSetup {
  readonly credentials: Credentials;
  readonly operations: OperationIndex;
  /** The client's base URL (`…/v1`); a call's own `baseUrl` option wins, as in openapi-fetch. */
  readonly baseUrl: string;
}

/** Runs, first of the client's middleware, the preparation of the call whose Request it sees. */
const preparationMiddleware: Middleware = {
  onRequest({ request, options }) {
    return runPreparation(request, options.fetch);
  },
};

/** The same for one call, first of its own middleware: its Request may come from a class of the caller's. */
const callPreparation = (preparation: Preparation): Middleware => ({
  onRequest({ request, options }) {
    return runPreparation(request, options.fetch, preparation);
  },
});

/** The last middleware of a call whose caller's middleware may replace the Request: it sees the one sent. */
const recordSent = (sent: DataCall["sent"]): Middleware => ({
  onRequest({ request }) {
    sent.request = request;
  },
});

export function createVersionRequest<Paths extends {}>(client: Client<Paths>, setup: VersionRequestSetup): VersionRequest {
  const { credentials, operations } = setup;
  const send = rawRequestOf(client);
  let middlewareRegistered = false;

  const request: RawRequest = (method, path, init, data) => {
    try {
      checkCallInit(method, path, init);
    } catch (error) {
      return Promise.reject(error);
    }
    const operation = operations.find(method, path);
    const baseUrl = typeof init?.baseUrl === "string" && init.baseUrl !== "" ? init.baseUrl : setup.baseUrl;
    const pathParams = init?.params?.path;
    const streamed = init?.parseAs === "stream";
    const sent = data?.sent;
    let prepared = false;
    const preparation: Preparation = (built, wait) => {
      if (prepared) return;
      prepared = true;
      assertRouteKept(built, baseUrl, path, pathParams);
      if (streamed) keepBodyStreamed(built);
      if (sent) sent.request = built;
      return authorizeRequest(built, operation, credentials, wait);
    };
    const callerMiddleware = init?.middleware;
    const viaMiddleware =
      middlewareRegistered || callerMiddleware?.length || init?.["fetch"] !== undefined || init?.["Request"] !== undefined;
    const styles = init?.["querySerializer"] === undefined ? operation?.queryStyles : undefined;
    const headers = init?.headers;
    // One copy of the caller's options, changed in place (temporary objects spread in cost µs per call).
    const sendInit: RawInit = data
      ? { ...init, parseAs: data.parseAs, [PREPARATION]: preparation }
      : { ...init, [PREPARATION]: preparation };
    if (headers != null) sendInit.headers = headersOf(headers);
    if (styles) sendInit["querySerializer"] = styledQuerySerializer(styles);
    if (viaMiddleware)
      sendInit.middleware = [callPreparation(preparation), ...(callerMiddleware ?? []), ...(sent ? [recordSent(sent)] : [])];
    return send(method, path, sendInit).catch((error: unknown) => {
      // Before the preparation, openapi-fetch was building the Request: a TypeError from JSON.stringify
      // (a circular or bigint body), `new Request` (a signal that is not one), or the caller's serializer.
      if (prepared || error instanceof AltegioError) throw error;
      throw new AltegioConfigurationError(
        `${method.toUpperCase()} ${path}: the call's arguments could not be made into a request (see cause); nothing was sent`,
        { method: method.toUpperCase(), cause: error },
      );
    });
  };

  return {
    request,
    use(...middleware) {
      if (!middlewareRegistered) {
        client.use(preparationMiddleware);
        middlewareRegistered = true;
      }
      client.use(...middleware);
    },
    eject: (...middleware) => client.eject(...middleware),
  };
}
