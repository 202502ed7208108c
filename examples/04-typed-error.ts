/** Failures are typed: catch the class you care about and read status, API message and field errors. */
import { AltegioApiError, AltegioNotFoundError, createAltegioClient } from "../src/index.js";
import type { Example } from "./context.js";

export const typedErrorExample: Example = {
  title: "A typed error",
  async run(context) {
    const altegio = createAltegioClient(context.clientOptions);
    try {
      await altegio.v1.get("/company/{location_id}", {
        params: { path: { location_id: context.missingLocationId } },
        headers: context.failWith(404),
      });
      context.print("unexpected: the location exists");
    } catch (error) {
      if (error instanceof AltegioNotFoundError) {
        context.print(`${error.name}: HTTP ${error.status}, API message: ${error.apiMessage ?? "(none)"}`);
        context.print(`message: ${error.message}`);
      } else if (error instanceof AltegioApiError) {
        context.print(`${error.name}: HTTP ${error.status} — ${error.message}`);
      } else {
        throw error;
      }
    }
  },
};
