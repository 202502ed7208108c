/** Shape of the runtime operation tables generated into `src/generated/operations.ts`. */

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace";

/** `user`: needs `Bearer <partner>, User <user>`; `partner`: takes the partner token alone. */
export type AuthKind = "user" | "partner";

export type PageSizeParam = "count" | "page_size" | "limit";

/** Where a list response reports the total number of items, if anywhere. */
export type TotalLocation = "meta.total_count" | "meta.count";

export interface PaginationInfo {
  readonly pageParam: "page";
  readonly sizeParam: PageSizeParam | null;
  /** Largest page size the operation accepts (schema `maximum`), when the spec says. */
  readonly maxSize: number | null;
  readonly total: TotalLocation | null;
}

/** Path parameter that holds the location (company/salon) id, whatever the path calls it. */
export type LocationParam = "location_id" | "company_id" | "salon_id";

/** OpenAPI serialisation styles a query parameter may declare. */
export type QueryStyleName = "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";

/** How one query parameter goes on the wire, e.g. `{ style: "form", explode: false }` for `ids=1,2`. */
export interface QueryStyle {
  readonly style: QueryStyleName;
  readonly explode: boolean;
}

export interface OperationInfo {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly auth: AuthKind;
  readonly pagination: PaginationInfo | null;
  readonly locationParam: LocationParam | null;
  readonly deprecated: boolean;
  /** Query parameters not serialised as `form` + `explode: true` (`ids=1&ids=2`), by name; `null` when none. */
  readonly queryStyles: Readonly<Record<string, QueryStyle>> | null;
  /** Media types of the file a success answers with (e.g. `application/pdf`); `null` when success is JSON or empty. */
  readonly fileMediaTypes: readonly string[] | null;
}
