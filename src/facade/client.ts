/**
 * `createAltegioClient(options)`: typed openapi-fetch clients for v1 and v2 sharing one transport
 * (retries, timeouts, rate limiter, logging), the route check, auth and headers done to every request
 * (version-request.ts), data-or-throw methods, location scoping, pagination and login. Clients are
 * immutable: `withUserToken`, `login` and `location` derive new ones that share the transport and options.
 */
import createClient, { type Client, type HeadersOptions } from "openapi-fetch";
import type { V1LocationParams, V1Paginated, V2LocationParams, V2Paginated } from "../generated/operations.js";
import type { paths as V1Paths } from "../generated/v1.js";
import type { V1NamedMethods } from "../generated/v1-named.js";
import type { V2NamedMethods } from "../generated/v2-named.js";
import type { paths as V2Paths } from "../generated/v2.js";
import type { Credentials, TokenSource } from "./auth.js";
import { AltegioConfigurationError } from "./errors.js";
import { createDataMethods, type DataMethods } from "./data-methods.js";
import type { AltegioLogger, TransportHooks } from "./events.js";
import { assertLocationId, scopeToLocation, type LocationScopedPaths } from "./location.js";
import { withNamedMethods } from "./named.js";
import { login, type LoginCredentials, type LoginOptions, type LoginResult } from "./login.js";
import { operationTable, type ApiVersion } from "./operation-tables.js";
import type { OperationIndex } from "./operations.js";
import { createPaginate, type PaginateMethod } from "./paginate-client.js";
import { createRateLimiter, type RateLimiter, type RateLimiterOptions } from "./rate-limiter.js";
import type { RetryOptions } from "./retry.js";
import { AltegioRequest, createTransport, type Transport, type TransportOptions } from "./transport.js";
import { scopedClient, type ScopedClient } from "./scoped-client.js";
import { checkBaseUrl, checkClientCallbacks, checkTokenSource, readClientOptions } from "./validation.js";
import { headersOf, type RawRequest, type SuccessBodyOf } from "./typed-client.js";
import { createVersionRequest } from "./version-request.js";

export const DEFAULT_BASE_URL = "https://api.alteg.io/api";

export interface AltegioClientOptions {
  /** Partner token (developer portal), or a function returning the current one. Required. */
  partnerToken: TokenSource;
  /** User token, or a function returning the current one. Needed by most operations; see `login`. */
  userToken?: TokenSource | undefined;
  /** Default `https://api.alteg.io/api`; requests go to `${baseUrl}/v1/...` and `${baseUrl}/v2/...`. */
  baseUrl?: string;
  /** Replaces `globalThis.fetch` (called as `fetch(request, init)`). */
  fetch?: TransportOptions["fetch"];
  /** Per-attempt timeout in ms (default 30 000; `0` disables it). It covers reading the body, and fires within 10 ms after it. */
  timeoutMs?: number;
  /** Largest success body the SDK reads, in bytes (default 64 MiB; `Infinity` for no limit). Larger: AltegioResponseTooLargeError. */
  maxResponseBytes?: number;
  /** Retry policy (default: 2 retries of 429/502/503/504 and network errors, idempotent methods only), or `false`. */
  retry?: RetryOptions | false;
  /**
   * Client-side rate limiting. Default (`true`): Altegio's limits, 5 requests/s and 200/min.
   * `false`: off. `{ limits }`: other limits. A `RateLimiter`: your own (e.g. shared across processes).
   */
  rateLimit?: boolean | RateLimiterOptions | RateLimiter;
  logger?: AltegioLogger;
  hooks?: TransportHooks;
  /** Extra headers for every request (per-request `headers` win over these). */
  headers?: HeadersOptions;
}

export type { V1Paths, V2Paths };

/** What the typed surfaces of one API version are computed from (all generated). */
export interface ApiSpec {
  readonly version: ApiVersion;
  readonly paths: {};
  readonly locationParams: {};
  readonly paginated: {};
  /** The named methods (generated), on the client and on a location scope. */
  readonly named: object;
  readonly scopedNamed: object;
}

export interface V1Spec extends ApiSpec {
  readonly version: "v1";
  readonly paths: V1Paths;
  readonly locationParams: V1LocationParams;
  readonly paginated: V1Paginated;
  readonly named: V1NamedMethods<false>;
  readonly scopedNamed: V1NamedMethods<true>;
}

export interface V2Spec extends ApiSpec {
  readonly version: "v2";
  readonly paths: V2Paths;
  readonly locationParams: V2LocationParams;
  readonly paginated: V2Paginated;
  readonly named: V2NamedMethods<false>;
  readonly scopedNamed: V2NamedMethods<true>;
}

/**
 * openapi-fetch client (`GET`, `POST`, ... returning `{ data, error, response }`), plus data methods
 * (`get`, `post`, ... returning the success body or throwing) and `paginate`.
 */
export type AltegioApi<Spec extends ApiSpec> = Client<Spec["paths"]> &
  DataMethods<Spec["paths"]> &
  PaginateMethod<Spec["paths"], Spec["paginated"], Spec["version"]> &
  Spec["named"];

/**
 * The v1 API: every operation as a named method (`getTeamMemberSchedule`, also grouped by tag as
 * `scheduleAndResources.getTeamMemberSchedule`), plus the path-template surface.
 */
export type AltegioV1Api = AltegioApi<V1Spec>;
/** The v2 API: named methods resolving to unwrapped JSON:API documents, plus the path-template surface. */
export type AltegioV2Api = AltegioApi<V2Spec>;

type ScopedPaths<Spec extends ApiSpec> = LocationScopedPaths<Spec["paths"], Spec["locationParams"]>;

/** The same surface with the location path parameter filled in (see `altegio.location(id)`). */
export type AltegioLocationApi<Spec extends ApiSpec> = ScopedClient<ScopedPaths<Spec>> &
  DataMethods<ScopedPaths<Spec>> &
  PaginateMethod<ScopedPaths<Spec>, Spec["paginated"], Spec["version"]> &
  Spec["scopedNamed"];

export interface AltegioLocation {
  readonly locationId: number;
  readonly v1: AltegioLocationApi<V1Spec>;
  readonly v2: AltegioLocationApi<V2Spec>;
}

/** `data` of a successful `POST /auth`: the user, including `user_token`. */
export type AuthenticatedUser = NonNullable<SuccessBodyOf<V1Paths, "/auth", "post">["data"]>;

export type AltegioLoginResult = LoginResult<AltegioClient, AuthenticatedUser>;

export interface AltegioClient {
  /** v1 API (260 operations): `{ success, data, meta }` envelopes. */
  readonly v1: AltegioV1Api;
  /** v2 API (42 operations): JSON:API documents. */
  readonly v2: AltegioV2Api;
  /** True when the client was given a user token (it may still be a provider that yields none). */
  readonly hasUserToken: boolean;
  /** Clients for one location: its id is filled into `location_id`/`company_id`/`salon_id` path params. */
  location(locationId: number): AltegioLocation;
  /** A new client using `userToken` (string or provider); this one is unchanged. */
  withUserToken(userToken: TokenSource): AltegioClient;
  /** `POST /auth`; on success, a client bound to the user's token. 2FA accounts get a challenge outcome. */
  login(credentials: LoginCredentials, options?: LoginOptions): Promise<AltegioLoginResult>;
}

/** What every client derived from one `createAltegioClient` call shares. */
interface Shared {
  /** The tokens of `createAltegioClient`, checked. */
  readonly credentials: Credentials;
  readonly transport: Transport;
  readonly baseUrl: string;
  readonly headers: HeadersOptions | undefined;
  readonly v1Index: OperationIndex;
  readonly v2Index: OperationIndex;
}

const PARTNER_TOKEN_REQUIRED = "is required: a non-empty string, or a function returning the current token";
const USER_TOKEN_REQUIRED = "must be a non-empty string or a function returning the current token";

function isRateLimiter(value: object): value is RateLimiter {
  return typeof (value as Partial<RateLimiter>).acquire === "function";
}

function rateLimiterOf(option: AltegioClientOptions["rateLimit"]): RateLimiter | null {
  if (option === false) return null;
  if (option === undefined || option === true) return createRateLimiter();
  if (typeof option === "object" && option !== null) {
    return isRateLimiter(option) ? option : createRateLimiter(option);
  }
  throw new AltegioConfigurationError("createAltegioClient: rateLimit must be true, false, { limits: [...] } or a RateLimiter");
}

/** Option mistakes surface here, typed, instead of at the first request. */
function createShared(input: AltegioClientOptions): Shared {
  if (typeof input !== "object" || input === null) {
    throw new AltegioConfigurationError("createAltegioClient needs an options object with a partnerToken");
  }
  const options = readClientOptions(input);
  const partnerToken = checkTokenSource(options.partnerToken, "createAltegioClient: partnerToken", PARTNER_TOKEN_REQUIRED);
  const userToken =
    options.userToken === undefined
      ? undefined
      : checkTokenSource(options.userToken, "createAltegioClient: userToken", USER_TOKEN_REQUIRED);
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  checkClientCallbacks(options as unknown as Record<string, unknown>);
  let transport: Transport;
  try {
    const { fetch, timeoutMs, maxResponseBytes, retry, logger, hooks } = options;
    transport = createTransport({
      fetch,
      timeoutMs,
      maxResponseBytes,
      retry,
      logger,
      hooks,
      rateLimiter: rateLimiterOf(options.rateLimit),
    });
  } catch (error) {
    if (error instanceof AltegioConfigurationError) throw error;
    throw new AltegioConfigurationError(`createAltegioClient: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return {
    credentials: { partnerToken, ...(userToken === undefined ? {} : { userToken }) },
    transport,
    baseUrl,
    headers: headersOf(options.headers),
    v1Index: operationTable("v1").index,
    v2Index: operationTable("v2").index,
  };
}

interface VersionClient<Spec extends ApiSpec> {
  readonly api: AltegioApi<Spec>;
  readonly request: RawRequest;
  readonly operations: OperationIndex;
  readonly version: Spec["version"];
}

function createVersionClient<Spec extends ApiSpec>(
  shared: Shared,
  version: Spec["version"],
  credentials: Credentials,
): VersionClient<Spec> {
  type Paths = Spec["paths"];
  const operations = version === "v1" ? shared.v1Index : shared.v2Index;
  const baseClient = createClient<Paths>({
    baseUrl: `${shared.baseUrl}/${version}`,
    fetch: shared.transport,
    Request: AltegioRequest,
    ...(shared.headers === undefined ? {} : { headers: shared.headers }),
  });
  const { request, use, eject } = createVersionRequest(baseClient, {
    credentials,
    operations,
    baseUrl: `${shared.baseUrl}/${version}`,
  });
  const api = withNamedMethods<object, AltegioApi<Spec>>(
    {
      ...scopedClient<Paths>(request),
      use,
      eject,
      ...createDataMethods<Paths>(request),
      ...createPaginate<Paths, Spec["paginated"], Spec["version"]>(request, operations, version),
    },
    { request, operations, version, scoped: false },
  );
  return { api, request, operations, version };
}

function locationApi<Spec extends ApiSpec>(parent: VersionClient<Spec>, locationId: number): AltegioLocationApi<Spec> {
  type Scoped = ScopedPaths<Spec>;
  const request = scopeToLocation(parent.request, parent.operations, locationId);
  return withNamedMethods<object, AltegioLocationApi<Spec>>(
    {
      ...scopedClient<Scoped>(request),
      ...createDataMethods<Scoped>(request),
      ...createPaginate<Scoped, Spec["paginated"], Spec["version"]>(request, parent.operations, parent.version),
    },
    { request, operations: parent.operations, version: parent.version, scoped: true },
  );
}

function buildClient(shared: Shared, credentials: Credentials): AltegioClient {
  const v1 = createVersionClient<V1Spec>(shared, "v1", credentials);
  const v2 = createVersionClient<V2Spec>(shared, "v2", credentials);
  const withUserToken = (userToken: TokenSource): AltegioClient => {
    const checked = checkTokenSource(userToken, "withUserToken(token)", USER_TOKEN_REQUIRED);
    return buildClient(shared, { ...credentials, userToken: checked });
  };

  return Object.freeze({
    v1: v1.api,
    v2: v2.api,
    hasUserToken: credentials.userToken !== undefined,
    location(locationId: number): AltegioLocation {
      assertLocationId(locationId);
      return Object.freeze({
        locationId,
        v1: locationApi(v1, locationId),
        v2: locationApi(v2, locationId),
      });
    },
    withUserToken,
    login: (credentialsIn: LoginCredentials, options?: LoginOptions) =>
      login<AltegioClient, AuthenticatedUser>(
        {
          authorize: ({ login: loginName, password, code, uuid }, loginOptions) =>
            v1.api.post("/auth", {
              // `code` and `uuid` confirm a two-factor login; the spec's body type does not list them.
              body: { login: loginName, password, ...(code === undefined ? {} : { code, uuid }) },
              // Never repeated, whatever the client's retry policy: a repeat sends another code, or spends this one.
              altegioRetry: false,
              ...(loginOptions?.signal ? { signal: loginOptions.signal } : {}),
            }),
          withUserToken,
        },
        credentialsIn,
        options,
      ),
  });
}

export function createAltegioClient(options: AltegioClientOptions): AltegioClient {
  const shared = createShared(options);
  return buildClient(shared, shared.credentials);
}
