// Type tests for JSON:API unwrapping and the page helpers, checked by `tsc --noEmit` (never
// executed). Each `@ts-expect-error` fails the type check if the line it guards ever compiles.
import { expectTypeOf } from "vitest";
import { unwrap, type RelationshipName, type Unwrapped, type UnwrappedResource } from "../../src/facade/jsonapi.js";
import { v1PageFromBody, v2PageFromBody } from "../../src/facade/list-bodies.js";
import type { PageResult } from "../../src/facade/pagination.js";
import type { PaginationInfo } from "../../src/facade/operations.js";
import type { components, operations } from "../../src/generated/v2.js";

// --- a synthetic resource schema, shaped like openapi-typescript output --------------------------------
interface Identifier {
  type: string;
  id: string;
}
interface Widget {
  type: "widget";
  id: string;
  attributes: { name: string; size: number | null; id: number };
  relationships?: {
    owner?: { data: Identifier | null };
    parts?: { data: Identifier[] };
  };
}
interface Plain {
  type: "plain";
  id: string;
  attributes: { label: string };
}

expectTypeOf<Unwrapped<Widget>>().toEqualTypeOf<{
  id: string;
  type: "widget";
  name: string;
  size: number | null;
  owner?: UnwrappedResource | null;
  parts?: UnwrappedResource[];
}>();
expectTypeOf<Unwrapped<Widget, "parts">>().toEqualTypeOf<{
  id: string;
  type: "widget";
  name: string;
  size: number | null;
  owner?: UnwrappedResource | null;
  parts: UnwrappedResource[];
}>();
expectTypeOf<Unwrapped<Plain>>().toEqualTypeOf<{ id: string; type: "plain"; label: string }>();
expectTypeOf<RelationshipName<Widget>>().toEqualTypeOf<"owner" | "parts">();
expectTypeOf<RelationshipName<Plain>>().toBeNever();

declare const list: { data: Widget[]; included?: Identifier[]; meta: { count: number } };
declare const single: { data: Widget; meta: unknown[] };
declare const maybe: { data: Widget | null; links: { self: string } };

const unwrappedList = unwrap(list);
expectTypeOf(unwrappedList.data).toEqualTypeOf<Unwrapped<Widget>[]>();
expectTypeOf(unwrappedList.meta).toEqualTypeOf<{ count: number }>();
expectTypeOf(unwrappedList.links).toBeUndefined();
expectTypeOf(unwrap(single).data).toEqualTypeOf<Unwrapped<Widget>>();
expectTypeOf(unwrap(single).meta).toEqualTypeOf<unknown[]>();
expectTypeOf(unwrap(maybe).data).toEqualTypeOf<Unwrapped<Widget> | null>();
expectTypeOf(unwrap(maybe).links).toEqualTypeOf<{ self: string }>();

// `include` marks relationships as present; only declared relationship names are accepted.
expectTypeOf(unwrap(list, { include: ["parts", "owner"] }).data[0]!.parts).toEqualTypeOf<UnwrappedResource[]>();
expectTypeOf(unwrap(list, { include: ["owner"] }).data[0]!.owner).toEqualTypeOf<UnwrappedResource | null>();
expectTypeOf(unwrap(list, { include: ["owner"] }).data[0]!.parts).toEqualTypeOf<UnwrappedResource[] | undefined>();
// @ts-expect-error "wheels" is not a relationship of Widget
unwrap(list, { include: ["wheels"] });
// @ts-expect-error Plain declares no relationships
unwrap({ data: [] as Plain[] }, { include: ["owner"] });
// @ts-expect-error resources need a type and an id
unwrap({ data: [{ attributes: {} }] });

// Relationship targets are only known as { id, type, ...unknown }: narrowing is up to the caller.
const target = unwrap(list, { include: ["owner"] }).data[0]!.owner;
if (target) {
  expectTypeOf(target.id).toEqualTypeOf<string>();
  expectTypeOf(target.type).toEqualTypeOf<string | null>();
  expectTypeOf(target["name"]).toBeUnknown();
}

// --- the generated v2 schemas ------------------------------------------------------------------------
type Service = components["schemas"]["service_resource"];
type ServiceList = operations["list_services"]["responses"][200]["content"]["application/json"];
type ServiceOne = operations["get_service"]["responses"][200]["content"]["application/json"];
declare const services: ServiceList;
declare const service: ServiceOne;

expectTypeOf<Unwrapped<Service>>().toEqualTypeOf<{
  id: string;
  type: "service";
  title: string;
  category_id: number;
  resources?: UnwrappedResource[];
  service_composite?: UnwrappedResource | null;
  resource_links?: UnwrappedResource[];
  company_links?: UnwrappedResource[];
  trial_settings?: UnwrappedResource | null;
}>();
expectTypeOf(unwrap(services).data).toEqualTypeOf<Unwrapped<Service>[]>();
expectTypeOf(unwrap(service).data).toEqualTypeOf<Unwrapped<Service>>();
const withResources = unwrap(services, { include: ["resources", "service_composite"] }).data[0]!;
expectTypeOf(withResources.resources).toEqualTypeOf<UnwrappedResource[]>();
expectTypeOf(withResources.service_composite).toEqualTypeOf<UnwrappedResource | null>();
expectTypeOf(withResources.title).toEqualTypeOf<string>();
// @ts-expect-error "staff" is not a relationship of service_resource
unwrap(services, { include: ["staff"] });

// --- page helpers ------------------------------------------------------------------------------------
declare const pagination: PaginationInfo;
expectTypeOf(v2PageFromBody(services, pagination)).toEqualTypeOf<PageResult<Unwrapped<Service>>>();
expectTypeOf(v2PageFromBody(services, pagination, { include: ["resources"] }).items[0]!.resources).toEqualTypeOf<UnwrappedResource[]>();
declare const v1Body: { success?: boolean; data?: { id: number; title: string }[]; meta?: { total_count?: number } };
expectTypeOf(v1PageFromBody(v1Body, pagination)).toEqualTypeOf<PageResult<{ id: number; title: string }>>();
