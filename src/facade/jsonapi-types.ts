/**
 * Type-level half of JSON:API unwrapping: the document shapes `unwrap` accepts and the plain
 * objects it returns, computed from the generated v2 resource schemas.
 */

/** `{ type, id }` pointer from a relationship to a resource. */
export interface ResourceIdentifier {
  readonly type: string | null;
  readonly id: string | number;
}

export type ResourceLinkage = ResourceIdentifier | readonly ResourceIdentifier[] | null;

export interface RelationshipObject {
  readonly data?: ResourceLinkage;
  readonly links?: unknown;
  readonly meta?: unknown;
}

/** A JSON:API resource object as it arrives on the wire (primary or side-loaded). */
export interface ResourceObject {
  readonly type: string | null;
  readonly id: string | number;
  readonly attributes?: object;
  readonly relationships?: object;
}

export interface JsonApiDocument {
  readonly data?: ResourceObject | readonly ResourceObject[] | null;
  readonly included?: readonly ResourceObject[];
  readonly meta?: unknown;
  readonly links?: unknown;
}

/**
 * An unwrapped resource whose schema is unknown: relationship targets (the generated schemas only
 * say `{ type: string; id: string }` for them), stubs for resources missing from `included`.
 * `type` is `null` when the server sent `type: null`.
 */
export interface UnwrappedResource {
  id: string;
  type: string | null;
  [field: string]: unknown;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type AttributesOf<R> = R extends { attributes?: infer A } ? (A extends object ? A : {}) : {};

type RelationshipsOf<R> = R extends { relationships?: infer X } ? (X extends object ? X : {}) : {};

/** Relationship names a resource schema declares — what `include` may name. */
export type RelationshipName<R> = Extract<keyof RelationshipsOf<R>, string>;

type LinkageValue<L> = unknown extends L
  ? UnwrappedResource | UnwrappedResource[] | null
  : L extends readonly unknown[]
    ? UnwrappedResource[]
    : L extends null | undefined
      ? null
      : UnwrappedResource;

type RelationshipValue<Rel> = Rel extends { data: infer L } ? LinkageValue<L> : UnwrappedResource | UnwrappedResource[] | null;

type IdOf<R> = R extends { id: infer I extends string } ? I : string;

type TypeOf<R> = R extends { type: infer T } ? T : string | null;

/**
 * Plain object for resource schema `R`: `{ id, type, ...attributes, ...relationships }`.
 * Relationships named in `Included` are present; the others are optional because the server only
 * sends their linkage when asked to. Attributes named `id`/`type` or named like a relationship are
 * shadowed (see `unwrap`).
 */
export type Unwrapped<R, Included extends string = never> = Simplify<
  { id: IdOf<R>; type: TypeOf<R> } & Omit<AttributesOf<R>, "id" | "type" | RelationshipName<R>> & {
      -readonly [K in UnwrappedRelationship<R> as K extends Included ? K : never]-?: RelationshipValue<NonNullable<RelationshipsOf<R>[K]>>;
    } & {
      -readonly [K in UnwrappedRelationship<R> as K extends Included ? never : K]?: RelationshipValue<NonNullable<RelationshipsOf<R>[K]>>;
    }
>;

/** Relationships `unwrap` keeps: one named `id` or `type` would shadow the resource's own, so it drops them. */
type UnwrappedRelationship<R> = Exclude<RelationshipName<R>, "id" | "type">;

type DataOf<D> = D extends { data?: infer P } ? P : undefined;

type UnwrappedData<P, Included extends string> = P extends readonly (infer R)[]
  ? Unwrapped<R, Included>[]
  : P extends null | undefined
    ? null
    : Unwrapped<P, Included>;

/** The primary resource schema of a document type (the element type when `data` is an array). */
export type PrimaryResource<D> = NonNullable<DataOf<D>> extends readonly (infer R)[] ? R : NonNullable<DataOf<D>>;

type FieldOf<D, K extends string> = K extends keyof D ? D[K] : undefined;

/** What `unwrap` returns: `data` is an array exactly when the document's `data` is one. */
export interface UnwrappedDocument<D, Included extends string = never> {
  data: UnwrappedData<DataOf<D>, Included>;
  meta: FieldOf<D, "meta">;
  links: FieldOf<D, "links">;
}
