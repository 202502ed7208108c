import { describe, expect, it } from "vitest";
import { AltegioConfigurationError } from "../../../src/index.js";
import { clientFor, header, PARTNER, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();

describe("location scope", () => {
  it("fills the location into whichever path parameter holds it", async () => {
    const salon = clientFor(server(), { userToken: USER }).location(4564);
    expect(salon.locationId).toBe(4564);
    await salon.v1.get("/company/{location_id}");
    await salon.v1.get("/staff/{location_id}/{team_member_id}", { params: { path: { team_member_id: 7 } } });
    await salon.v2.get("/locations/{company_id}/positions/{position_id}", { params: { path: { position_id: 3 } } });
    await salon.v2.GET("/locations/{location_id}/attendance_service_suggestions", {
      params: { query: { staff_id: 5 } },
    });
    await salon.v1.request("get", "/company/{location_id}");
    expect(server().requests.map((request) => request.url)).toEqual([
      "/v1/company/4564",
      "/v1/staff/4564/7",
      "/v2/locations/4564/positions/3",
      "/v2/locations/4564/attendance_service_suggestions?staff_id=5",
      "/v1/company/4564",
    ]);
  });

  it("keeps the raw { data, error, response } form and the client's auth", async () => {
    const salon = clientFor(server(), { userToken: USER }).location(9);
    const { data, response } = await salon.v1.GET("/resources/{location_id}");
    expect(response.status).toBe(200);
    expect(data).toEqual({ success: true, data: { ok: true }, meta: [] });
    await salon.v1.GET("/activity/{location_id}/filters");
    expect(header(server(), 0, "authorization")).toBe(`Bearer ${PARTNER}, User ${USER}`);
    expect(header(server(), 1, "authorization")).toBe(`Bearer ${PARTNER}`);
  });

  it("leaves paths without a location parameter alone", async () => {
    await clientFor(server())
      .location(4564)
      .v1.get("/companies", { params: { query: { city_id: 2 } } });
    expect(server().requests[0]?.url).toBe("/v1/companies?city_id=2");
  });

  it.each([0, -1, 1.5, Number.NaN, "4564"])("rejects %s as a location id", (id) => {
    expect(() => clientFor(server()).location(id as number)).toThrow(AltegioConfigurationError);
  });
});
