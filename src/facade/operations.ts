/**
 * The runtime operation tables: their shape, the compact encoding `npm run generate` writes into
 * `src/generated/operations.ts`, its decoder, the lookup by method + schema path, and the naming
 * rules (method names, tag groups, doc links) shared with the generator.
 *
 * Encoding (one string per API version, a trie of path segments):
 *   list := node (" " node)*        node := segment [":" op+] ["(" list ")"]
 *   segment `@name` is the location path parameter `{name}` (inherited by the paths below it); the
 *   characters ` ():@%` inside a segment are written `%XX`;
 *   op := method letter (`gpudahot`), [auth kind index], ["*" pagination], ["?" query styles],
 *         ["!" file media types], ["&" has query parameters], ["+" has a request body], ["~" deprecated]
 * where indexes point into the table's `kinds`, `pages` and `shared` lists. Operation ids and tags come in
 * decoding order (depth first, methods in the order written); an id is written without the prefix most
 * ids of its method start with (`verbs`: `get_` for GET), or whole after `=` when it lacks that prefix.
 */

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace";

/**
 * Which tokens an operation sends, from the spec's security: `user` needs `Bearer <partner>, User <user>`,
 * `partner` takes the partner token alone, `partner-optional-user` (the spec and its documented header
 * disagree) sends the user token when the client has one and is never refused for its absence. Other
 * kinds the generator may emit are passed through.
 */
export type AuthKind = "user" | "partner" | "partner-optional-user" | (string & {});

export type PageSizeParam = "count" | "page_size" | "limit";

/** Where a list response reports the total number of items, if anywhere. */
export type TotalLocation = "meta.total_count" | "meta.count";

export interface PaginationInfo {
  readonly pageParam: "page";
  readonly sizeParam: PageSizeParam | null;
  /** Largest page size the operation accepts (schema `maximum`), when the spec says. */
  readonly maxSize: number | null;
  readonly total: TotalLocation | null;
  /** Where the page parameters go: the query (GET lists) or the JSON body (POST searches). Default query. */
  readonly in?: "query" | "body";
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
  /** Altegio's id, as in its doc URLs: `get_team_member_schedule`. */
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** `user`: partner + user token; `partner`: the partner token alone (see {@link AuthKind}). */
  readonly auth: AuthKind;
  readonly pagination: PaginationInfo | null;
  readonly locationParam: LocationParam | null;
  readonly deprecated: boolean;
  /** Query parameters not serialised as `form` + `explode: true` (`ids=1&ids=2`), by name; `null` when none. */
  readonly queryStyles: Readonly<Record<string, QueryStyle>> | null;
  /** Media types of the file a success answers with (e.g. `application/pdf`); `null` when success is JSON or empty. */
  readonly fileMediaTypes: readonly string[] | null;
  /** The operation declares query parameters (named methods put the rest of their arguments there). */
  readonly hasQuery: boolean;
  /** The operation takes a request body (named methods take it as a separate argument). */
  readonly hasBody: boolean;
  /** The spec's first tag (Altegio's doc section), e.g. `Schedule & Resources`. */
  readonly tag: string;
}

/** What `src/generated/operations.ts` holds per API version. */
export interface EncodedOperations {
  readonly paths: string;
  /** Operation ids in decoding order, comma-separated, each without its method's verb (or `=` and whole). */
  readonly ids: string;
  /** Per method letter (`gpudahot`), the prefix most of its operation ids start with, e.g. `get_`. */
  readonly verbs: readonly string[];
  /** One base-36 digit per operation: its index in `tagNames`. */
  readonly tags: string;
  readonly tagNames: readonly string[];
  readonly kinds: readonly string[];
  /** Paginations as `[sizeParam, maxSize, total, in?]` (`pageParam` is always `page`). */
  readonly pages: readonly (readonly [PageSizeParam | null, number | null, TotalLocation | null, ("body" | "query")?])[];
  readonly shared: readonly unknown[];
}

export const HTTP_METHODS: readonly HttpMethod[] = ["get", "post", "put", "delete", "patch", "head", "options", "trace"];
export const METHOD_LETTERS = "gpudahot";

const NODE = /([^ ():]*)(?::([^ ()]+))?(\(|\)* ?)/g;
const OP = /([a-z])(\d*)(?:\*(\d+))?(?:\?(\d+))?(?:!(\d+))?(&?)(\+?)(~?)/g;

function sharedAt<T>(shared: readonly unknown[], index: string | undefined): T | null {
  return index === undefined ? null : (shared[Number(index)] as T);
}

function paginationAt(pages: EncodedOperations["pages"], index: string | undefined): PaginationInfo | null {
  const entry = index === undefined ? undefined : pages[Number(index)];
  if (!entry) return null;
  const [sizeParam, maxSize, total, where] = entry;
  return { pageParam: "page", sizeParam, maxSize, total, ...(where ? { in: where } : {}) };
}

export function decodeOperations(encoded: EncodedOperations): OperationInfo[] {
  const ids = encoded.ids.split(",");
  const out: OperationInfo[] = [];
  const stack: { path: string; location: LocationParam | null }[] = [{ path: "", location: null }];
  for (const [, segment = "", ops, closers = ""] of encoded.paths.matchAll(NODE)) {
    const parent = stack[stack.length - 1] ?? { path: "", location: null };
    const isLocation = segment.startsWith("@");
    const location = isLocation ? (segment.slice(1) as LocationParam) : parent.location;
    const path = `${parent.path}/${isLocation ? `{${segment.slice(1)}}` : segment.includes("%") ? decodeURIComponent(segment) : segment}`;
    for (const [, letter = "", kind, pagination, styles, files, query, body, deprecated] of (ops ?? "").matchAll(OP)) {
      const index = out.length;
      const methodIndex = METHOD_LETTERS.indexOf(letter);
      const id = ids[index] ?? "";
      out.push({
        operationId: id.startsWith("=") ? id.slice(1) : (encoded.verbs[methodIndex] ?? "") + id,
        method: HTTP_METHODS[methodIndex] ?? "get",
        path,
        auth: encoded.kinds[Number(kind || 0)] ?? "user",
        pagination: paginationAt(encoded.pages, pagination),
        locationParam: location,
        deprecated: deprecated === "~",
        queryStyles: sharedAt(encoded.shared, styles),
        fileMediaTypes: sharedAt(encoded.shared, files),
        hasQuery: query === "&",
        hasBody: body === "+",
        tag: encoded.tagNames[Number.parseInt(encoded.tags[index] ?? "0", 36)] ?? "",
      });
    }
    for (const closer of closers) {
      if (closer === "(") stack.push({ path, location });
      else if (closer === ")") stack.pop();
    }
  }
  return out;
}

/** `get_team_member_schedule` → `getTeamMemberSchedule`: the method name of an operation. */
export function methodNameOf(operationId: string): string {
  return operationId.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_, next: string) => next.toUpperCase());
}

/** `Schedule & Resources` → `schedule-and-resources`: the tag's part of developer.alteg.io doc URLs. */
export function tagSlugOf(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** `Schedule & Resources` → `scheduleAndResources`: the property grouping a tag's methods. */
export function tagGroupOf(tag: string): string {
  return tagSlugOf(tag).replace(/-([a-z0-9])/g, (_, next: string) => next.toUpperCase());
}

/** `https://developer.alteg.io/en/b2b-v1/openapi/schedule-and-resources/get_team_member_schedule.md` */
export function docUrlOf(version: string, operation: Pick<OperationInfo, "tag" | "operationId">): string {
  return `https://developer.alteg.io/en/b2b-${version}/openapi/${tagSlugOf(operation.tag)}/${operation.operationId}.md`;
}

export interface OperationIndex {
  /** The operation for `method` (any case) on `path` (a schema path template), if the spec has it. */
  find(method: string, path: string): OperationInfo | undefined;
  /** The operation behind a named method (`getTeamMemberSchedule`). */
  named(methodName: string): OperationInfo | undefined;
  /** The methods of a tag group (`scheduleAndResources`), by method name. */
  group(groupName: string): ReadonlyMap<string, OperationInfo> | undefined;
}

/** Built once per API version (not per client): every request looks its operation up, some more than once. */
export function indexOperations(table: readonly OperationInfo[]): OperationIndex {
  const byMethod = new Map<string, Map<string, OperationInfo>>();
  const byName = new Map<string, OperationInfo>();
  const groups = new Map<string, Map<string, OperationInfo>>();
  for (const operation of table) {
    const lower = operation.method.toLowerCase();
    let byPath = byMethod.get(lower);
    if (!byPath) {
      byPath = new Map();
      byMethod.set(lower, byPath);
      byMethod.set(lower.toUpperCase(), byPath);
    }
    byPath.set(operation.path, operation);
    const name = methodNameOf(operation.operationId);
    byName.set(name, operation);
    const groupName = tagGroupOf(operation.tag);
    let group = groups.get(groupName);
    if (!group) groups.set(groupName, (group = new Map()));
    group.set(name, operation);
  }
  return {
    find: (method, path) => (byMethod.get(method) ?? byMethod.get(method.toLowerCase()))?.get(path),
    named: (methodName) => byName.get(methodName),
    group: (groupName) => groups.get(groupName),
  };
}

/** `getCompany (GET /company/{location_id})` — how errors name an operation. */
export function describeOperation(operation: Pick<OperationInfo, "operationId" | "method" | "path">): string {
  return `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`;
}
