/**
 * A path parameter must never change the route: `..` and `.` are dot segments the URL parser removes
 * (also when percent-encoded), so `attendance_id: ".."` would send
 * `GET /locations/1/attendances/../appointments` to `GET /locations/1/appointments`. Every surface refuses
 * such a request with AltegioPathParameterError before anything is sent.
 */
import { describe, expect, it } from "vitest";
import { AltegioPathParameterError } from "../../../src/index.js";
import { clientFor, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();
const APPOINTMENTS = "/locations/{location_id}/attendances/{attendance_id}/appointments" as const;

/** Typed, and also as a runtime string a type check would not see. */
const ROUTE_CHANGING: [string, string][] = [
  ["..", ".."],
  [".", "."],
  ["an empty string", ""],
];

describe("path parameters that would change the route", () => {
  it.each(ROUTE_CHANGING)("refuses %s on data methods, raw methods, request() and location scopes", async (_, value) => {
    const altegio = clientFor(server(), { userToken: USER });
    const salon = altegio.location(1);
    const path = { location_id: 1, attendance_id: value }; // typed string: ".." type-checks
    const staffPath = { location_id: 1, team_member_id: value as unknown as number };
    const attempts = [
      () => altegio.v2.get(APPOINTMENTS, { params: { path } }),
      () => altegio.v2.GET(APPOINTMENTS, { params: { path } }),
      () => altegio.v2.request("get", APPOINTMENTS, { params: { path } }),
      () => salon.v2.get(APPOINTMENTS, { params: { path: { attendance_id: value } } }),
      () => salon.v2.GET(APPOINTMENTS, { params: { path: { attendance_id: value } } }),
      () => altegio.v1.delete("/staff/{location_id}/{team_member_id}", { params: { path: staffPath } }),
      () => altegio.v1.DELETE("/staff/{location_id}/{team_member_id}", { params: { path: staffPath } }),
    ];
    for (const attempt of attempts) {
      const error = await rejectionOf(attempt(), AltegioPathParameterError);
      expect(error.parameter).toMatch(/^(attendance_id|team_member_id)$/);
      expect(error.message).toMatch(/would change the endpoint the request reaches .*; no request was sent/);
    }
    expect(server().requests).toHaveLength(0);
  });

  it("refuses a location id of '..' from a caller who bypasses the types", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    const error = await rejectionOf(
      altegio.v1.DELETE("/company/{location_id}", { params: { path: { location_id: ".." as unknown as number } } }),
      AltegioPathParameterError,
    );
    expect(error).toMatchObject({ parameter: "location_id", path: "/company/{location_id}", method: "DELETE" });
    expect(server().requests).toHaveLength(0);
  });

  it("refuses a missing path parameter instead of sending the placeholder", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    const error = await rejectionOf(
      altegio.v1.get("/staff/{location_id}/{team_member_id}", { params: { path: { location_id: 1 } } } as never),
      AltegioPathParameterError,
    );
    expect(error.message).toMatch(/the path parameter team_member_id is missing/);
    expect(server().requests).toHaveLength(0);
  });

  it("checks the URL that was built, whatever serializer built it", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    // A serializer that leaves dot segments unencoded: `%2E%2e` is a dot segment to the URL parser too.
    const pathSerializer = (pathname: string, params: Record<string, unknown>) =>
      pathname.replace("{location_id}", String(params["location_id"])).replace("{team_member_id}", "%2E%2e");
    const error = await rejectionOf(
      altegio.v1.GET("/staff/{location_id}/{team_member_id}", { params: { path: { location_id: 1, team_member_id: 7 } }, pathSerializer }),
      AltegioPathParameterError,
    );
    expect(error.message).toMatch(/change the endpoint/);
    expect(server().requests).toHaveLength(0);
  });

  it.each([
    ["an extra segment", (pathname: string) => pathname.replace("{location_id}", "1").replace("{team_member_id}", "7/x")],
    [
      "a changed fixed segment",
      (pathname: string) => pathname.replace("staff", "stuff").replace("{location_id}", "1").replace("{team_member_id}", "7"),
    ],
    ["a missing segment", (pathname: string) => pathname.replace("/{team_member_id}", "").replace("{location_id}", "1")],
    ["an empty segment", (pathname: string) => pathname.replace("{location_id}", "1").replace("{team_member_id}", "")],
  ])("refuses a URL with %s, whatever serializer built it", async (_, pathSerializer) => {
    const altegio = clientFor(server(), { userToken: USER });
    const error = await rejectionOf(
      altegio.v1.GET("/staff/{location_id}/{team_member_id}", { params: { path: { location_id: 1, team_member_id: 7 } }, pathSerializer }),
      AltegioPathParameterError,
    );
    expect(error.message).toMatch(/change the endpoint/);
    expect(server().requests).toHaveLength(0);
  });

  it("reads the route off the URL's path, not its query string", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    // A query serializer that leaves slashes and dot segments raw: only the path before `?` is the route.
    const querySerializer = () => "next=/v1/staff/1/../2&back=..";
    await altegio.v1.GET("/company/{location_id}", { params: { path: { location_id: 1 } }, querySerializer });
    expect(server().requests.map((request) => request.url)).toEqual(["/v1/company/1?next=/v1/staff/1/../2&back=.."]);
  });

  it("still sends ordinary values, percent-encoded, including ones that only contain dots", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    for (const value of ["...", "a/../b", "%2e%2e", "7"]) {
      await altegio.v2.get(APPOINTMENTS, { params: { path: { location_id: 1, attendance_id: value } } });
    }
    expect(server().requests.map((request) => request.url)).toEqual([
      "/v2/locations/1/attendances/.../appointments",
      "/v2/locations/1/attendances/a%2F..%2Fb/appointments",
      "/v2/locations/1/attendances/%252e%252e/appointments",
      "/v2/locations/1/attendances/7/appointments",
    ]);
  });
});
