// Type tests for the client layer, checked by `tsc --noEmit` (never executed). Each `@ts-expect-error`
// fails the type check if the line it guards ever compiles.
// openapi-fetch's own response transform, a type-only import of its helper package.
import type { Readable } from "openapi-typescript-helpers";
import { expectTypeOf } from "vitest";
import type { operations as V1Operations } from "../../src/generated/v1.js";
import type { operations as V2Operations } from "../../src/generated/v2.js";
import { createAltegioClient, type AltegioClient, type AltegioLoginResult } from "../../src/index.js";

/**
 * The JSON body of an operation's 200 answer, as the generated types declare it, seen through
 * openapi-fetch's `Readable` (which drops write-only fields — and turns `Record<string, never>` into `{}`).
 */
type Ok200<Operation extends { responses: { 200: { content: { "application/json": unknown } } } }> = Readable<
  Operation["responses"][200]["content"]["application/json"]
>;

declare const altegio: AltegioClient;

// --- construction -----------------------------------------------------------------------------------
createAltegioClient({ partnerToken: "p" });
createAltegioClient({ partnerToken: () => "p", userToken: async () => "u", rateLimit: false, retry: false });
// @ts-expect-error the partner token is required
createAltegioClient({ userToken: "u" });

// --- raw openapi-fetch calls keep { data, error, response } -------------------------------------------
async function rawCalls(): Promise<void> {
  const result = await altegio.v1.GET("/company/{location_id}", { params: { path: { location_id: 4564 } } });
  expectTypeOf(result.response).toEqualTypeOf<Response>();
  if (result.data) expectTypeOf(result.data.success).toEqualTypeOf<boolean>();

  // @ts-expect-error the path parameter is required
  await altegio.v1.GET("/company/{location_id}", {});
  // @ts-expect-error unknown paths are rejected
  await altegio.v1.GET("/no/such/path");
  // @ts-expect-error no header parameters are needed (or accepted) — the SDK sets them
  await altegio.v1.GET("/company/{location_id}", { params: { path: { location_id: 1 }, header: { Accept: "x" } } });
}

// --- data methods: the success body, typed ---------------------------------------------------------------
async function dataMethods(): Promise<void> {
  const company = await altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 4564 } } });
  expectTypeOf(company.success).toEqualTypeOf<boolean>();
  expectTypeOf(company).not.toBeAny();

  const services = await altegio.v2.get("/locations/{location_id}/services", { params: { path: { location_id: 1 } } });
  expectTypeOf(services).not.toBeAny();
  expectTypeOf(services).not.toBeNever();
  expectTypeOf(services).toEqualTypeOf<Ok200<V2Operations["list_services"]>>();

  // parseAs is honoured in the type as in openapi-fetch
  const text = await altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } }, parseAs: "text" });
  expectTypeOf(text).toEqualTypeOf<string>();

  // @ts-expect-error the data methods have openapi-fetch's parameter checks
  await altegio.v1.get("/company/{location_id}", { params: { path: { location_id: "x" } } });
  // @ts-expect-error POST /auth has no GET
  await altegio.v1.get("/auth");
  // @ts-expect-error the request body is checked
  await altegio.v1.post("/auth", { body: { login: "a" } });
}

// --- location scope: the location path parameter is filled in, everything else still required ---------
async function locationScope(): Promise<void> {
  const salon = altegio.location(4564);
  expectTypeOf(salon.locationId).toEqualTypeOf<number>();

  // location_id was the only parameter: init becomes optional
  const company = await salon.v1.get("/company/{location_id}");
  expectTypeOf(company.success).toEqualTypeOf<boolean>();
  await salon.v1.GET("/company/{location_id}");

  // other path parameters are still required
  const member = await salon.v1.get("/staff/{location_id}/{team_member_id}", { params: { path: { team_member_id: 7 } } });
  expectTypeOf(member).not.toBeNever();
  expectTypeOf(member).not.toBeAny();
  expectTypeOf(member).toEqualTypeOf<Ok200<V1Operations["get_team_member_by_id"]>>();
  // @ts-expect-error team_member_id is still required
  await salon.v1.get("/staff/{location_id}/{team_member_id}");
  // @ts-expect-error ... also when params are given without it
  await salon.v1.get("/staff/{location_id}/{team_member_id}", { params: { path: {} } });

  // whatever the path calls it: company_id on v2
  await salon.v2.get("/locations/{company_id}/positions");
  await salon.v2.get("/locations/{company_id}/positions/{position_id}", { params: { path: { position_id: 3 } } });

  // required query parameters stay required
  await salon.v2.get("/locations/{location_id}/attendance_service_suggestions", { params: { query: { staff_id: 1 } } });
  // @ts-expect-error staff_id is a required query parameter
  await salon.v2.get("/locations/{location_id}/attendance_service_suggestions");

  // @ts-expect-error the location parameter cannot be passed again
  await salon.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } });

  // paths without a location parameter are unchanged
  await salon.v1.get("/companies");

  // scoped clients have no middleware registration (that belongs to the client they came from)
  // @ts-expect-error
  salon.v1.use;
}

// --- paginate: only paginated GET operations; items typed (v2 unwrapped) -------------------------------
async function pagination(): Promise<void> {
  for await (const location of altegio.v1.paginate("/companies", { params: { query: { city_id: 2 } } }, { pageSize: 50 })) {
    expectTypeOf(location.title).toEqualTypeOf<string | undefined>();
  }
  const services = altegio.v2.paginate("/locations/{location_id}/services", { params: { path: { location_id: 1 } } });
  for await (const service of services) {
    // unwrapped JSON:API resource: id and type on the object itself
    expectTypeOf(service.id).toEqualTypeOf<string>();
    expectTypeOf(service).not.toHaveProperty("attributes");
  }
  for await (const page of services.pages()) {
    expectTypeOf(page.page).toEqualTypeOf<number>();
    expectTypeOf(page.items[0]).toEqualTypeOf<typeof services extends AsyncIterable<infer I> ? I | undefined : never>();
  }
  const firstHundred = await services.toArray({ max: 100 });
  expectTypeOf(firstHundred).toBeArray();

  // location scope: the location parameter is filled in for paginate too
  await altegio.location(1).v2.paginate("/locations/{location_id}/appointments").toArray();
  await altegio.location(1).v1.paginate("/clients/{location_id}").toArray({ max: 10 });

  // @ts-expect-error required path parameters are still required
  altegio.v2.paginate("/locations/{location_id}/services");
  // @ts-expect-error not a paginated operation
  altegio.v1.paginate("/company/{location_id}", { params: { path: { location_id: 1 } } });
  // @ts-expect-error not a GET operation
  altegio.v1.paginate("/auth");
  // @ts-expect-error v2 paths are not v1 paths
  altegio.v1.paginate("/locations/{location_id}/services", { params: { path: { location_id: 1 } } });
}

// --- login: a discriminated union ----------------------------------------------------------------------
async function loginOutcome(): Promise<void> {
  const result = await altegio.login({ login: "owner@example.com", password: "secret" });
  expectTypeOf(result).toEqualTypeOf<AltegioLoginResult>();
  if (result.status === "authenticated") {
    expectTypeOf(result.client).toEqualTypeOf<AltegioClient>();
    expectTypeOf(result.userToken).toEqualTypeOf<string>();
    expectTypeOf(result.user.id).toEqualTypeOf<number | undefined>();
  } else {
    expectTypeOf(result.status).toEqualTypeOf<"two-factor-required">();
    expectTypeOf(result.challenge.uuid).toEqualTypeOf<string | null>();
  }
  expectTypeOf(altegio.withUserToken("u")).toEqualTypeOf<AltegioClient>();
  expectTypeOf(altegio.withUserToken(async () => "u")).toEqualTypeOf<AltegioClient>();
}

export { dataMethods, locationScope, loginOutcome, pagination, rawCalls };
