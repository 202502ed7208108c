import { describe, expect, it } from "vitest";
import { AltegioApiError, AltegioConfigurationError, AltegioMissingUserTokenError, type AltegioLogger } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, header, PARTNER, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();

describe("headers", () => {
  it("sends the Altegio Accept on every request and Content-Type only with a body", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    await altegio.v1.GET("/company/{location_id}", { params: { path: { location_id: 4564 } } });
    await altegio.v1.POST("/auth", { body: { login: "a@example.com", password: "pw" } });
    await altegio.v2.GET("/locations/{location_id}/services", { params: { path: { location_id: 4564 } } });

    expect(server().requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      "GET /v1/company/4564",
      "POST /v1/auth",
      "GET /v2/locations/4564/services",
    ]);
    for (const index of [0, 1, 2]) expect(header(server(), index, "accept")).toBe("application/vnd.api.v2+json");
    expect(header(server(), 0, "content-type")).toBeUndefined();
    expect(header(server(), 1, "content-type")).toBe("application/json");
    expect(JSON.parse(server().requests[1]!.text)).toEqual({ login: "a@example.com", password: "pw" });
    expect(header(server(), 2, "content-type")).toBeUndefined();
  });

  it("adds client-level and per-request headers; a client-level Content-Type is not sent without a body", async () => {
    const altegio = clientFor(server(), {
      userToken: USER,
      headers: { "X-App": "crm", "Content-Type": "application/json", "Accept-Language": "en-US" },
    });
    await altegio.v1.GET("/company/{location_id}", {
      params: { path: { location_id: 1 } },
      headers: { "Accept-Language": "de-DE", "X-Trace": "t-1" },
    });
    expect(header(server(), 0, "x-app")).toBe("crm");
    expect(header(server(), 0, "x-trace")).toBe("t-1");
    expect(header(server(), 0, "accept-language")).toBe("de-DE");
    expect(header(server(), 0, "content-type")).toBeUndefined();
    expect(header(server(), 0, "accept")).toBe("application/vnd.api.v2+json");
  });

  it("lets a caller choose another Accept for one request", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    await altegio.v1.GET("/company/{location_id}", {
      params: { path: { location_id: 1 } },
      headers: { Accept: "application/json" },
    });
    expect(header(server(), 0, "accept")).toBe("application/json");
  });

  it("asks for the file type as well for an operation that answers with a file, on every surface", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    const pdf = "%PDF-1.4 receipt";
    server().setFallback(() => faults.respond(200, pdf, { "content-type": "application/pdf" }));
    const receipt = "/attendance/receipt_print/{visit_id}";
    const { data } = await altegio.v1.GET(receipt, { params: { path: { visit_id: 5 } }, parseAs: "blob" });
    const blob = await altegio.v1.get(receipt, { params: { path: { visit_id: 5 } }, parseAs: "blob" });
    await altegio.location(4564).v1.request("get", receipt, { params: { path: { visit_id: 5 } }, parseAs: "blob" });

    expect(await data?.text()).toBe(pdf);
    expect(await blob.text()).toBe(pdf);
    for (const index of [0, 1, 2]) {
      expect(header(server(), index, "accept")).toBe("application/vnd.api.v2+json, application/pdf");
    }
  });

  it("lets a caller's own Accept win for a file operation too", async () => {
    await clientFor(server(), { userToken: USER }).v1.GET("/attendance/receipt_print/{visit_id}", {
      params: { path: { visit_id: 5 } },
      headers: { Accept: "application/pdf" },
      parseAs: "blob",
    });
    expect(header(server(), 0, "accept")).toBe("application/pdf");
  });
});

describe("Authorization chosen from the operation table", () => {
  it("sends partner and user token to user operations, the partner token alone to partner operations", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    await altegio.v1.GET("/resources/{location_id}", { params: { path: { location_id: 1 } } }); // user
    await altegio.v1.GET("/activity/{location_id}/filters", { params: { path: { location_id: 1 } } }); // partner
    await altegio.v1.GET("/companies"); // partner
    await altegio.v2.GET("/locations/{location_id}/services", { params: { path: { location_id: 1 } } }); // user

    expect(server().requests.map((_, index) => header(server(), index, "authorization"))).toEqual([
      `Bearer ${PARTNER}, User ${USER}`,
      `Bearer ${PARTNER}`,
      `Bearer ${PARTNER}`,
      `Bearer ${PARTNER}, User ${USER}`,
    ]);
  });

  it("runs partner operations without a user token", async () => {
    const altegio = clientFor(server());
    const company = await altegio.v1.get("/activity/{location_id}/filters", { params: { path: { location_id: 1 } } });
    expect(company).toEqual({ success: true, data: { ok: true }, meta: [] });
    expect(header(server(), 0, "authorization")).toBe(`Bearer ${PARTNER}`);
  });

  it("fails fast, before any request, when a user operation is called without a user token", async () => {
    const altegio = clientFor(server());
    const calls = [
      () => altegio.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } }),
      () => altegio.v1.GET("/resources/{location_id}", { params: { path: { location_id: 1 } } }),
      () => altegio.v2.get("/locations/{location_id}/services", { params: { path: { location_id: 1 } } }),
      () => altegio.location(1).v1.get("/resources/{location_id}"),
    ];
    for (const call of calls) expect(await rejectionOf(call())).toBeInstanceOf(AltegioMissingUserTokenError);
    expect(server().requests).toHaveLength(0);

    const error = (await rejectionOf(
      altegio.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } }),
    )) as AltegioMissingUserTokenError;
    expect(error.operationId).toBe("get_resource_list");
    expect(error.path).toBe("/resources/{location_id}");
    expect(error.message).toContain("get_resource_list (GET /resources/{location_id})");
    expect(error.message).toContain("altegio.login(");
    expect(error.message).toContain("withUserToken");
    expect(error.message).not.toContain(PARTNER);
  });

  it("treats a user-token provider that yields nothing as no user token", async () => {
    const altegio = clientFor(server(), { userToken: async () => undefined });
    await expect(altegio.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } })).rejects.toBeInstanceOf(
      AltegioMissingUserTokenError,
    );
    expect(server().requests).toHaveLength(0);
  });

  it("sends the user token when it has one, and never refuses without it, where the spec and its documented header disagree", async () => {
    // GET /company/{location_id} declares partner+user security, its documented header says partner alone.
    const withUser = clientFor(server(), { userToken: USER });
    await withUser.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } });
    const partnerOnly = clientFor(server());
    await partnerOnly.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } });
    await partnerOnly.location(1).v1.GET("/company/{location_id}");
    expect(server().requests.map((_, index) => header(server(), index, "authorization"))).toEqual([
      `Bearer ${PARTNER}, User ${USER}`,
      `Bearer ${PARTNER}`,
      `Bearer ${PARTNER}`,
    ]);
  });

  it("resolves token providers on every request, so rotated tokens are used", async () => {
    let userCalls = 0;
    let partnerCalls = 0;
    const altegio = clientFor(server(), {
      partnerToken: () => `partner-${++partnerCalls}`,
      userToken: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return `user-${++userCalls}`;
      },
    });
    await altegio.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } });
    await altegio.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } });
    expect(header(server(), 0, "authorization")).toBe("Bearer partner-1, User user-1");
    expect(header(server(), 1, "authorization")).toBe("Bearer partner-2, User user-2");
  });

  it("reports a partner-token provider that yields nothing as a configuration error", async () => {
    const altegio = clientFor(server(), { partnerToken: () => "" });
    await expect(altegio.v1.get("/companies")).rejects.toBeInstanceOf(AltegioConfigurationError);
    expect(server().requests).toHaveLength(0);
  });
});

describe("derived clients", () => {
  it("withUserToken returns a new client and leaves the original without a user token", async () => {
    const original = clientFor(server());
    const withUser = original.withUserToken(USER);
    expect(withUser).not.toBe(original);
    expect(original.hasUserToken).toBe(false);
    expect(withUser.hasUserToken).toBe(true);

    await withUser.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } });
    await expect(original.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } })).rejects.toBeInstanceOf(
      AltegioMissingUserTokenError,
    );
    expect(server().requests).toHaveLength(1);
    expect(header(server(), 0, "authorization")).toBe(`Bearer ${PARTNER}, User ${USER}`);

    const other = withUser.withUserToken("another-user-token");
    await other.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } });
    await withUser.v1.get("/resources/{location_id}", { params: { path: { location_id: 1 } } });
    expect(header(server(), 1, "authorization")).toBe(`Bearer ${PARTNER}, User another-user-token`);
    expect(header(server(), 2, "authorization")).toBe(`Bearer ${PARTNER}, User ${USER}`);
  });

  it("share the rate limiter and the rest of the options with the client they came from", async () => {
    let acquired = 0;
    const limiter = { acquire: async () => void acquired++ };
    const original = clientFor(server(), { rateLimit: limiter, headers: { "X-App": "crm" } });
    const derived = original.withUserToken(USER);
    await original.v1.get("/companies");
    await derived.v1.get("/staff/{location_id}", { params: { path: { location_id: 1 } } });
    await derived.location(9).v2.get("/locations/{location_id}/services");
    expect(acquired).toBe(3);
    expect(server().requests.map((_, index) => header(server(), index, "x-app"))).toEqual(["crm", "crm", "crm"]);
  });

  it("rejects an empty user token", () => {
    expect(() => clientFor(server()).withUserToken("")).toThrow(AltegioConfigurationError);
  });
});

describe("secrets", () => {
  it("keeps tokens out of errors and log lines, even when the server echoes them", async () => {
    const lines: unknown[] = [];
    const record = (message: string, data?: Record<string, unknown>) => void lines.push({ message, data });
    const logger: AltegioLogger = { debug: record, info: record, warn: record, error: record };
    const altegio = clientFor(server(), { userToken: USER, logger });
    server().enqueue(
      faults.json({ success: false, data: null, meta: { message: `Token ${USER} is not valid for partner ${PARTNER}` } }, 401),
    );
    const error = await rejectionOf(altegio.v1.get("/staff/{location_id}", { params: { path: { location_id: 1 } } }));
    expect(error).toBeInstanceOf(AltegioApiError);
    if (!(error instanceof AltegioApiError)) return;
    const exposed = [error.message, JSON.stringify(error.toJSON()), JSON.stringify(lines)].join("\n");
    expect(lines.length).toBeGreaterThan(0);
    expect(exposed).not.toContain(USER);
    expect(exposed).not.toContain(PARTNER);
  });
});
