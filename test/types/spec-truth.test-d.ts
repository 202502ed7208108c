// Type tests for what the normaliser fixes in the published spec (checked by `tsc --noEmit`, never
// executed). The values are our own, written the way Altegio's docs describe the calls.
import { expectTypeOf } from "vitest";
import type { SuccessBodyOf } from "../../src/facade/typed-client.js";
import type { AltegioClient, DataMethods, V1Paths } from "../../src/index.js";

declare const altegio: AltegioClient;
const path = { location_id: 4564 };

// --- create an appointment (POST /records/{location_id}): one of two body shapes -----------------------
async function createAppointment(): Promise<void> {
  const standard = {
    staff_id: 8886,
    services: [{ id: 331, first_cost: 9000, discount: 50, cost: 4500 }],
    client: { phone: "79000000000", name: "Jane", email: "jane@example.com" },
    datetime: "2026-09-21T23:00:00+03:00",
    seance_length: 3600,
    send_sms: true,
  };
  await altegio.v1.post("/records/{location_id}", { params: { path }, body: standard });
  // A standard appointment may say `activity_id: 0` explicitly.
  await altegio.v1.post("/records/{location_id}", { params: { path }, body: { ...standard, activity_id: 0 } });
  // A group-event appointment: the event and the client.
  await altegio.v1.post("/records/{location_id}", { params: { path }, body: { activity_id: 77, client: { phone: "79000000001" } } });

  // @ts-expect-error an event id alone is neither shape: a client is required
  await altegio.v1.post("/records/{location_id}", { params: { path }, body: { activity_id: 0 } });
  const { datetime: _datetime, ...withoutDatetime } = standard;
  // @ts-expect-error a standard appointment needs its date and time
  await altegio.v1.post("/records/{location_id}", { params: { path }, body: withoutDatetime });
  const { staff_id: _staff, ...withoutStaff } = standard;
  // @ts-expect-error a standard appointment needs its team member
  await altegio.v1.post("/records/{location_id}", { params: { path }, body: withoutStaff });
  // @ts-expect-error a group-event appointment needs its client
  await altegio.v1.post("/records/{location_id}", { params: { path }, body: { activity_id: 77 } });
}

// --- v1 replies: the envelope, with success and data required and meta as the examples show it ----------
async function envelopes(): Promise<void> {
  const company = await altegio.v1.get("/company/{location_id}", { params: { path } });
  expectTypeOf(company.success).toEqualTypeOf<boolean>();
  expectTypeOf(company.data).not.toBeUnknown();
  // A 2xx reply the spec gave no schema is typed from its example, not `unknown`.
  const client = await altegio.v1.get("/client/{location_id}/{id}", { params: { path: { location_id: 1, id: 2 } } });
  expectTypeOf(client).not.toBeUnknown();
  expectTypeOf(client.success).not.toBeUnknown();
}

// --- one schema per path parameter: the schedule's dates are date strings for GET and PUT --------------
async function scheduleDates(): Promise<void> {
  const schedule = { location_id: 1, team_member_id: 2, start_date: "2026-09-01", end_date: "2026-09-30" };
  await altegio.v1.get("/schedule/{location_id}/{team_member_id}/{start_date}/{end_date}", { params: { path: schedule } });
}

// --- fields that stay required where the examples loosened their schemas ----------------------------
// (the normaliser adds properties examples show and makes optional what an example leaves out; never more)
function requiredStaysRequired(): void {
  // @ts-expect-error a v1 reply carries its data
  const noData: SuccessBodyOf<V1Paths, "/company/{location_id}", "get"> = { success: true };
  // @ts-expect-error ... and its success flag
  const noSuccess: SuccessBodyOf<V1Paths, "/company/{location_id}", "get"> = { data: {} };
  const company = { params: { path: { company_id: 1 } } };
  // @ts-expect-error a v2 position needs its title
  void altegio.v2.post("/locations/{company_id}/positions", { ...company, body: { description: "Front desk" } });
  void altegio.v2.post("/locations/{company_id}/positions", { ...company, body: { title: "Administrator" } });
  void [noData, noSuccess];
}

export { createAppointment, envelopes, requiredStaysRequired, scheduleDates };

// --- a property typed `null` (a reserved field, an accepted-but-empty reply) stays in the body type ----
// openapi-fetch's `Readable` drops it (openapi-typescript#1637); the SDK's success body type keeps it.
interface NullFieldPaths {
  "/things": {
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/json": { id: number; reserved: null } } };
        202: { headers: { [name: string]: unknown }; content: { "application/json": { success: boolean; data: null } } };
      };
    };
  };
}
declare const nullFields: DataMethods<NullFieldPaths>;
async function nullTypedProperties(): Promise<void> {
  const body = await nullFields.get("/things");
  expectTypeOf(body).toEqualTypeOf<{ id: number; reserved: null } | { success: boolean; data: null }>();
  const accepted: SuccessBodyOf<NullFieldPaths, "/things", "get"> = { success: true, data: null };
  expectTypeOf(accepted).not.toBeNever();
}

export { nullTypedProperties };
