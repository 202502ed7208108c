/**
 * The generated operation tables, decoded once per API version on first use (never per client), and
 * the public listing of them for tools.
 */
import { v1Encoded, v2Encoded } from "../generated/operations.js";
import { AltegioConfigurationError } from "./errors.js";
import {
  decodeOperations,
  docUrlOf,
  indexOperations,
  methodNameOf,
  tagGroupOf,
  type EncodedOperations,
  type OperationIndex,
  type OperationInfo,
} from "./operations.js";
import { describeValue } from "./validation.js";

export type ApiVersion = "v1" | "v2";

const ENCODED: Record<ApiVersion, EncodedOperations> = { v1: v1Encoded, v2: v2Encoded };

interface DecodedTable {
  readonly operations: readonly OperationInfo[];
  readonly index: OperationIndex;
}

const decoded: Partial<Record<ApiVersion, DecodedTable>> = {};

export function operationTable(version: ApiVersion): DecodedTable {
  let table = decoded[version];
  if (!table) {
    const operations = decodeOperations(ENCODED[version]);
    table = decoded[version] = { operations, index: indexOperations(operations) };
  }
  return table;
}

/** One operation of the API, as `listOperations` describes it. */
export type AltegioOperation = Pick<
  OperationInfo,
  "operationId" | "tag" | "method" | "path" | "auth" | "pagination" | "locationParam" | "deprecated"
> & {
  readonly version: ApiVersion;
  /** The client's method for it: `altegio.v1.getTeamMemberSchedule(...)`. */
  readonly methodName: string;
  /** The property grouping the tag's methods: `altegio.v1.scheduleAndResources`. */
  readonly tagGroup: string;
  /** The operation's page on developer.alteg.io. */
  readonly docUrl: string;
};

/** Every operation of `version` (all of both versions when omitted), e.g. for tools and docs. */
export function listOperations(version?: ApiVersion): AltegioOperation[] {
  const versions: ApiVersion[] = version === undefined ? ["v1", "v2"] : [version];
  if (version !== undefined && version !== "v1" && version !== "v2") {
    throw new AltegioConfigurationError(`listOperations(version): version must be "v1", "v2" or omitted (got ${describeValue(version)})`);
  }
  return versions.flatMap((v) =>
    operationTable(v).operations.map((operation) => ({
      version: v,
      operationId: operation.operationId,
      methodName: methodNameOf(operation.operationId),
      tag: operation.tag,
      tagGroup: tagGroupOf(operation.tag),
      method: operation.method,
      path: operation.path,
      auth: operation.auth,
      pagination: operation.pagination,
      locationParam: operation.locationParam,
      deprecated: operation.deprecated,
      docUrl: docUrlOf(v, operation),
    })),
  );
}
