// Type tests for the named methods, checked by `tsc --noEmit` (never executed). Each `@ts-expect-error`
// fails the type check if the line it guards ever compiles.
import { expectTypeOf } from "vitest";
import type { AltegioClient } from "../../src/index.js";

declare const altegio: AltegioClient;

async function v1Named(): Promise<void> {
  // Resolves to the envelope's data, exactly what the path surface's body holds in `data`.
  const company = await altegio.v1.getLocation({ location_id: 4564 });
  const viaPath = await altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 4564 } } });
  expectTypeOf(company).toEqualTypeOf<NonNullable<NonNullable<typeof viaPath>["data"]>>();

  // The tag group holds the same method.
  expectTypeOf(altegio.v1.locations.getLocation).toEqualTypeOf(altegio.v1.getLocation);

  // Path and query parameters in one object, the body separate.
  await altegio.v1.getTeamMemberSchedule({ location_id: 1, team_member_id: 2, start_date: "2026-01-01", end_date: "2026-01-31" });
  // @ts-expect-error a required path parameter is missing
  await altegio.v1.getTeamMemberSchedule({ location_id: 1, start_date: "2026-01-01", end_date: "2026-01-31" });
  // @ts-expect-error an operation that does not exist
  await altegio.v1.getNoSuchThing();

  // meta and the Response stay reachable.
  const { data, meta, response } = await altegio.v1.getLocation({ location_id: 1 }).withResponse();
  expectTypeOf(data).toEqualTypeOf(company);
  expectTypeOf(response).toEqualTypeOf<Response>();
  expectTypeOf(meta).not.toBeAny();

  // A body-only operation: (body, options).
  await altegio.v1.authorizeUser({ login: "owner@example.com", password: "secret" }, { timeoutMs: 5000 });
  // @ts-expect-error the body of POST /auth needs a password
  await altegio.v1.authorizeUser({ login: "owner@example.com" });

  // Paginated: await is the first page; iteration yields items.
  const firstPage = await altegio.v1.getClientList({ location_id: 1 }, { fields: ["id", "name"] });
  for await (const client of altegio.v1.clients.getClientList({ location_id: 1 }, {})) expectTypeOf(client).not.toBeAny();
  expectTypeOf(firstPage).not.toBeAny();
  for await (const item of altegio.v1.getLocationList({}, { pageSize: 50, maxItems: 100 })) expectTypeOf(item).not.toBeAny();
}

async function locationScoped(): Promise<void> {
  const salon = altegio.location(4564);
  // The location parameter is gone: nothing else needed.
  const company = await salon.v1.getLocation();
  expectTypeOf(company).toEqualTypeOf(await altegio.v1.getLocation({ location_id: 1 }));
  await salon.v1.scheduleAndResources.getTeamMemberSchedule({ team_member_id: 2, start_date: "2026-01-01", end_date: "2026-01-31" });
  // @ts-expect-error the scope supplies the location id
  await salon.v1.getTeamMemberSchedule({ location_id: 1, team_member_id: 2, start_date: "2026-01-01", end_date: "2026-01-31" });
  // v2 paths call it company_id: it disappears all the same.
  await salon.v2.teamMembers.listPositions();
}

async function v2Named(): Promise<void> {
  const doc = await altegio.v2.getService({ location_id: 1, service_id: 2, include: ["resources"] });
  // Asked for with include: typed as present.
  expectTypeOf(doc.data.resources).not.toEqualTypeOf<undefined>();
  const plain = await altegio.v2.getService({ location_id: 1, service_id: 2 });
  // Not asked for: optional.
  expectTypeOf(plain.data).toHaveProperty("resources").toEqualTypeOf<typeof doc.data.resources | undefined>();
  // @ts-expect-error not a relationship of a service
  await altegio.v2.getService({ location_id: 1, service_id: 2, include: ["nonsense"] });

  for await (const service of altegio.v2.listServices({ location_id: 1 })) expectTypeOf(service.id).toEqualTypeOf<string>();
}

void v1Named;
void locationScoped;
void v2Named;
