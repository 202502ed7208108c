import type { PaginationInfo } from "../../src/facade/operations.js";

/**
 * Pagination the published spec gets wrong, by `METHOD /path`; `null` marks an operation that
 * declares `page` but does not return a list. The generator takes these over what it derives.
 */
export const PAGINATION_OVERRIDES: Readonly<Record<string, PaginationInfo | null>> = {
  // v2 lists are documented to take at most 250 per page, also where a schema omits `maximum`.
};
