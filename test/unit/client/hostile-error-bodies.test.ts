import { describe, expect, it } from "vitest";
import { AltegioValidationError } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, rejectionOf, useFaultServer } from "./harness.js";

const server = useFaultServer();

describe("data methods with hostile error bodies", () => {
  it("report a 30,000-level 422 body as a typed error, not a RangeError from re-serialising it", async () => {
    const depth = 30_000; // 60 KB: under the 64 KiB an error body is read to, deep enough to overflow JSON.stringify
    server().enqueue(faults.respond(422, `{"success":false,"meta":{"message":"Deep"},"data":${"[".repeat(depth)}${"]".repeat(depth)}}`));
    const error = await rejectionOf(
      clientFor(server()).v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } }),
      AltegioValidationError,
    );
    expect(error.apiMessage).toBe("Deep");
    expect(JSON.stringify(error)).toContain("[TRUNCATED]");
  });

  it("keep field names such as __proto__ and constructor", async () => {
    const errors = '{"__proto__":["bad prototype"],"constructor":["bad constructor"]}';
    server().enqueue(faults.respond(422, `{"success":false,"meta":{"message":"Invalid","errors":${errors}}}`));
    const error = await rejectionOf(
      clientFor(server()).v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } }),
      AltegioValidationError,
    );
    expect(Object.getOwnPropertyNames(error.fieldErrors)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(error.fieldErrors)).toBe(Object.prototype);
    expect(error.message).toContain("__proto__: bad prototype; constructor: bad constructor");
  });
});
