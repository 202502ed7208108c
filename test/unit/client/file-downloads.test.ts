import { describe, expect, it } from "vitest";
import { AltegioApiError } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, rejectionOf, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();

describe("a named file download", () => {
  it("throws for Altegio's 200 failure envelope instead of resolving to it as the file", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    for (const type of ["application/json", "application/vnd.api.v2+json; charset=utf-8"]) {
      server().enqueue(faults.json({ success: false, data: null, meta: { message: "Visit not found" } }, 200, { "content-type": type }));
      const error = await rejectionOf(altegio.v1.getVisitReceiptPdf({ visit_id: 1 }), AltegioApiError);
      expect(error.apiMessage).toBe("Visit not found");
    }
  });

  it("still resolves to the file's bytes, whatever they hold", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.respond(200, '{"success":false}', { "content-type": "application/pdf" }));
    const pdf = await altegio.v1.getVisitReceiptPdf({ visit_id: 1 });
    expect(await pdf.text()).toBe('{"success":false}');
  });
});
