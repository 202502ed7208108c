/**
 * Type-level half of the named methods: the signature of `altegio.v1.<operation>(params, body, options)`
 * computed from the operation's generated type, and what it resolves to. The generated
 * `src/generated/<version>-named.ts` applies these to every operation.
 *
 * Arguments, in order, each present only when the operation has it:
 * - `params`: path and query parameters by name in one object (a location scope's parameter left out);
 * - `body`: the request body;
 * - `options`: per-call settings (`signal`, `headers`, `timeoutMs`, `retry`, and page options when paginated).
 */
import type { PrimaryResource, RelationshipName, UnwrappedDocument } from "./jsonapi-types.js";
import type { ItemIterable, Page } from "./pagination.js";
import type { PageItem, PaginationOptions } from "./paginate-client.js";
import type { RetryOptions } from "./retry.js";
import type { RequiredKeysOf, ResponseOf, SuccessBody } from "./typed-client.js";

/** Per-call settings of a named method. */
export interface NamedCallOptions {
  readonly signal?: AbortSignal;
  /** Extra headers for this request (they win over the client's). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-attempt timeout for this request in ms (`0` disables it). */
  readonly timeoutMs?: number;
  /** Retry policy for this request, or `false` for a single attempt. */
  readonly retry?: RetryOptions | false;
}

/** Per-call settings of a paginated named method: the call's, plus how to walk the pages. */
export interface PagedCallOptions extends NamedCallOptions, PaginationOptions {}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Present<T> = [NonNullable<T>] extends [never] ? {} : NonNullable<T>;

type ParametersOf<Op> = Op extends { parameters: infer P } ? P : {};

type PathParamsOf<Op, Location extends string> = Omit<Present<ParametersOf<Op> extends { path?: infer X } ? X : never>, Location>;

type QueryParamsOf<Op> = Present<ParametersOf<Op> extends { query?: infer X } ? X : never>;

/** `params` of a named call: path parameters (without the scope's) and query parameters, one object. */
export type NamedParams<Op, Scoped extends boolean, Location extends string> = Simplify<
  PathParamsOf<Op, Scoped extends true ? Location : never> & QueryParamsOf<Op>
>;

type RequestBodyOf<Op> = Op extends { requestBody?: infer B } ? NonNullable<B> : never;

type BodyContent<B> = B extends { content: infer C } ? C[keyof C] : never;

type ParamsSlot<Params, BodyRequired extends boolean> = keyof Params extends never
  ? []
  : RequiredKeysOf<Params> extends never
    ? BodyRequired extends true
      ? [params: Params | undefined]
      : [params?: Params]
    : [params: Params];

type BodySlot<Op> = [RequestBodyOf<Op>] extends [never]
  ? []
  : Op extends { requestBody: object }
    ? [body: BodyContent<RequestBodyOf<Op>>]
    : [body?: BodyContent<RequestBodyOf<Op>>];

type BodyRequired<Op> = [RequestBodyOf<Op>] extends [never] ? false : Op extends { requestBody: object } ? true : false;

/** The argument list of a named call: `(params?, body?, options?)`, each slot only when the operation has it. */
export type NamedArgs<Op, Params, Options> = [...ParamsSlot<Params, BodyRequired<Op>>, ...BodySlot<Op>, options?: Options];

/** The success body of an operation, as the path surface's `get`/`post`/... resolve to it. */
export type SuccessBodyOfOp<Op> = SuccessBody<ResponseOf<Op, {}>>;

/** What a call resolves to, plus `.withResponse()` for the envelope's `meta` and the raw Response. */
export interface AltegioResult<Data, Meta> extends Promise<Data> {
  /** The same call's `data`, `meta` (v1 envelope / v2 document) and the `Response`. */
  withResponse(): Promise<{ data: Data; meta: Meta; response: Response }>;
}

/** A paginated call: `await` gives the first page (what the call returns); iterating gives every item. */
export interface AltegioPagedResult<Data, Meta, Item> extends AltegioResult<Data, Meta>, ItemIterable<Item> {
  /** Whole pages, lazily. */
  pages(): AsyncIterable<Page<Item>>;
}

/**
 * v1: the envelope's `data` (`undefined` when the envelope may leave it out: the call resolves to it
 * as sent), or the body itself when the operation answers without an envelope.
 */
export type V1Data<Body> = Body extends unknown
  ? "data" extends keyof Body
    ? FieldAsSent<Body, "data">
    : Body extends { success: unknown }
      ? undefined
      : Body
  : never;

/** `Body[Key]` as a call reads it: with `undefined` where the body may leave the field out. */
type FieldAsSent<Body, Key extends PropertyKey> = Body extends { [K in Key]: infer V }
  ? V
  : Body extends { [K in Key]?: infer V }
    ? V | undefined
    : undefined;

/** The body's `meta` as sent: `undefined` where the body may leave it out or has none. */
type MetaOf<Body> = Body extends unknown ? ("meta" extends keyof Body ? FieldAsSent<Body, "meta"> : undefined) : never;
type V1Meta<Body> = MetaOf<Body>;

export type V1Method<Op, Scoped extends boolean, Location extends string> = (
  ...args: NamedArgs<Op, NamedParams<Op, Scoped, Location>, NamedCallOptions>
) => AltegioResult<V1Data<SuccessBodyOfOp<Op>>, V1Meta<SuccessBodyOfOp<Op>>>;

export type V1PagedMethod<Op, Scoped extends boolean, Location extends string> = (
  ...args: NamedArgs<Op, NamedParams<Op, Scoped, Location>, PagedCallOptions>
) => AltegioPagedResult<V1Data<SuccessBodyOfOp<Op>>, V1Meta<SuccessBodyOfOp<Op>>, PageItem<"v1", SuccessBodyOfOp<Op>>>;

/** An operation that answers with a file (a PDF receipt, ...): the body as a `Blob`. */
export type V1FileMethod<Op, Scoped extends boolean, Location extends string> = (
  ...args: NamedArgs<Op, NamedParams<Op, Scoped, Location>, NamedCallOptions>
) => AltegioResult<Blob, undefined>;
export type V2FileMethod<Op, Scoped extends boolean, Location extends string> = V1FileMethod<Op, Scoped, Location>;

/** Relationships the primary resource of an operation's success body declares (what `include` may name). */
type RelationshipsOfOp<Op> = RelationshipName<PrimaryResource<SuccessBodyOfOp<Op>>>;

/** v2: the unwrapped JSON:API document, relationships named in `include` typed as present. */
/** v2: the document unwrapped (see `unwrap`) whenever it has `data`, as the call does it; other bodies as sent. */
export type V2Data<Body, Included extends string> = Body extends unknown
  ? "data" extends keyof Body
    ? UnwrappedDocument<Body, Included>
    : Body
  : never;
type V2Meta<Body> = MetaOf<Body>;

type V2Result<Op, Included extends string> = AltegioResult<V2Data<SuccessBodyOfOp<Op>, Included>, V2Meta<SuccessBodyOfOp<Op>>>;

type V2PagedResult<Op, Included extends string> = AltegioPagedResult<
  V2Data<SuccessBodyOfOp<Op>, Included>,
  V2Meta<SuccessBodyOfOp<Op>>,
  PageItem<"v2", SuccessBodyOfOp<Op>>
>;

type WithInclude<Params, Included extends string> = Params & { include?: readonly Included[] };

/**
 * The v2 call signatures, chosen outside the generic so `include` can be inferred from the
 * argument: `listServices({ location_id, include: ["resources"] })` types `resources` as present.
 */
type V2Signature<Op, Params, Options, Paged extends boolean> = keyof Params extends never
  ? (...args: [...BodySlot<Op>, options?: Options]) => Paged extends true ? V2PagedResult<Op, never> : V2Result<Op, never>
  : RequiredKeysOf<Params> extends never
    ? BodyRequired<Op> extends true
      ? <const Included extends RelationshipsOfOp<Op> = never>(
          params: WithInclude<Params, Included> | undefined,
          ...rest: [...BodySlot<Op>, options?: Options]
        ) => Paged extends true ? V2PagedResult<Op, Included> : V2Result<Op, Included>
      : <const Included extends RelationshipsOfOp<Op> = never>(
          params?: WithInclude<Params, Included>,
          ...rest: [...BodySlot<Op>, options?: Options]
        ) => Paged extends true ? V2PagedResult<Op, Included> : V2Result<Op, Included>
    : <const Included extends RelationshipsOfOp<Op> = never>(
        params: WithInclude<Params, Included>,
        ...rest: [...BodySlot<Op>, options?: Options]
      ) => Paged extends true ? V2PagedResult<Op, Included> : V2Result<Op, Included>;

export type V2Method<Op, Scoped extends boolean, Location extends string> = V2Signature<
  Op,
  NamedParams<Op, Scoped, Location>,
  NamedCallOptions,
  false
>;

export type V2PagedMethod<Op, Scoped extends boolean, Location extends string> = V2Signature<
  Op,
  NamedParams<Op, Scoped, Location>,
  PagedCallOptions,
  true
>;
