import { describe, expect, it } from "vitest";
import {
  AltegioAbortError,
  AltegioApiError,
  AltegioAuthenticationError,
  AltegioNotFoundError,
  AltegioPaymentRequiredError,
  AltegioServerError,
  AltegioValidationError,
} from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();
const staffList = { params: { path: { location_id: 4564 } } } as const;

function failureOf(promise: Promise<unknown>): Promise<AltegioApiError> {
  return rejectionOf(promise, AltegioApiError);
}

describe("data methods", () => {
  it("resolve to the success body", async () => {
    server().enqueue(faults.ok([{ id: 1, name: "Anna" }], { total_count: 1 }));
    const body = await clientFor(server(), { userToken: USER }).v1.get("/staff/{location_id}", staffList);
    expect(body).toEqual({ success: true, data: [{ id: 1, name: "Anna" }], meta: { total_count: 1 } });
  });

  it("send bodies with post/put/patch/delete", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    await altegio.v1.post("/auth", { body: { login: "a", password: "b" } });
    await altegio.v1.put("/staff/{location_id}/{team_member_id}", {
      params: { path: { location_id: 1, team_member_id: 2 } },
      body: { name: "Anna" },
    });
    await altegio.v1.delete("/staff/{location_id}/{team_member_id}", { params: { path: { location_id: 1, team_member_id: 2 } } });
    const settings = { confirm_number: true, any_master: false, seance_delay_step: 15, activity_online_record_clients_count_max: 3 };
    await altegio.v1.patch("/company/{location_id}/settings/online", { params: { path: { location_id: 1 } }, body: settings });
    const sent = server().requests.map((request) => [
      request.method,
      request.url,
      request.text,
      request.headers["content-type"] ?? null,
      request.headers["accept"],
    ]);
    const json = "application/json";
    const accept = "application/vnd.api.v2+json";
    expect(sent).toEqual([
      ["POST", "/v1/auth", JSON.stringify({ login: "a", password: "b" }), json, accept],
      ["PUT", "/v1/staff/1/2", JSON.stringify({ name: "Anna" }), json, accept],
      ["DELETE", "/v1/staff/1/2", "", null, accept],
      ["PATCH", "/v1/company/1/settings/online", JSON.stringify(settings), json, accept],
    ]);
  });

  it.each([
    [401, AltegioAuthenticationError],
    [402, AltegioPaymentRequiredError],
    [404, AltegioNotFoundError],
    [422, AltegioValidationError],
    [500, AltegioServerError],
  ])("throw the typed error for HTTP %i", async (status, ErrorClass) => {
    server().enqueue(faults.failure(`went wrong (${status})`, undefined, status));
    const error = await failureOf(clientFor(server(), { userToken: USER, retry: false }).v1.get("/staff/{location_id}", staffList));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.status).toBe(status);
    expect(error.apiMessage).toBe(`went wrong (${status})`);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(`${server().url}/v1/staff/4564`);
  });

  it("throw for a 2xx body that says success: false, with field errors when there are some", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.failure("Nothing to see"));
    const plain = await failureOf(altegio.v1.get("/staff/{location_id}", staffList));
    expect(plain.status).toBe(200);
    expect(plain.apiMessage).toBe("Nothing to see");
    expect(plain).not.toBeInstanceOf(AltegioValidationError);

    server().enqueue(faults.failure("Invalid data", { "[date_to]": ["must be a date"] }));
    const validation = await failureOf(altegio.v1.get("/staff/{location_id}", staffList));
    expect(validation).toBeInstanceOf(AltegioValidationError);
    expect(validation.normalizedFieldErrors).toEqual({ date_to: ["must be a date"] });
  });

  it("turn a 2xx HTML page into an API error with an excerpt, not a SyntaxError", async () => {
    server().enqueue(
      faults.respond(200, "<html><head><title>Maintenance window</title></head><body>back soon</body></html>", {
        "content-type": "text/html",
      }),
    );
    const error = await failureOf(clientFor(server(), { userToken: USER }).v1.get("/staff/{location_id}", staffList));
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error.status).toBe(200);
    expect(error.bodyExcerpt).toBe("Maintenance window");
    expect(error.message).toContain("Maintenance window");
    expect(error.message).toContain("not JSON");
    expect(error.message).not.toContain("reported a failure");
  });

  it("turn a gateway's HTML 502 into AltegioServerError", async () => {
    server().enqueue(faults.html502());
    const error = await failureOf(clientFor(server(), { userToken: USER, retry: false }).v1.get("/staff/{location_id}", staffList));
    expect(error).toBeInstanceOf(AltegioServerError);
    expect(error.bodyExcerpt).toBe("502 Bad Gateway");
  });

  it("resolve to undefined for an empty success body", async () => {
    server().enqueue(faults.respond(204, ""));
    const result = await clientFor(server(), { userToken: USER }).v1.delete("/staff/{location_id}/{team_member_id}", {
      params: { path: { location_id: 1, team_member_id: 2 } },
    });
    expect(result).toBeUndefined();
  });

  it("honour parseAs for non-JSON reads, after the status check", async () => {
    const altegio = clientFor(server(), { userToken: USER, retry: false });
    server().enqueue(faults.respond(200, "plain text body", { "content-type": "text/plain" }));
    const text = await altegio.v1.get("/staff/{location_id}", { ...staffList, parseAs: "text" });
    expect(text).toBe("plain text body");

    server().enqueue(faults.failure("gone", undefined, 404));
    await expect(altegio.v1.get("/staff/{location_id}", { ...staffList, parseAs: "text" })).rejects.toBeInstanceOf(AltegioNotFoundError);
  });

  it("pass per-request transport options through (altegioRetry)", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.status(503), faults.ok("second try"));
    await expect(altegio.v1.get("/staff/{location_id}", { ...staffList, altegioRetry: false })).rejects.toBeInstanceOf(AltegioServerError);
    expect(server().requests).toHaveLength(1);

    server().reset();
    server().enqueue(faults.status(503), faults.ok("second try"));
    await expect(altegio.v1.get("/staff/{location_id}", staffList)).resolves.toMatchObject({ data: "second try" });
    expect(server().requests).toHaveLength(2);
  });

  it("reject with AltegioAbortError when the caller aborts", async () => {
    server().enqueue(faults.hang());
    const controller = new AbortController();
    const pending = clientFor(server(), { userToken: USER }).v1.get("/staff/{location_id}", {
      ...staffList,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AltegioAbortError);
  });
});
