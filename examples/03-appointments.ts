/** Paginate appointments: pages are fetched one at a time, only as far as you read. */
import type { Example } from "./context.js";
import { userClient } from "./01-login.js";

export const appointmentsExample: Example = {
  title: "Paginate appointments",
  async run(context) {
    const location = (await userClient(context)).location(context.locationId);
    // Page size defaults to the largest the operation allows (250); stop after 3 pages whatever happens.
    const appointments = location.v2.paginate("/locations/{location_id}/appointments", {}, { maxPages: 3 });
    for await (const page of appointments.pages()) {
      context.print(`page ${page.page}: ${page.items.length} appointment(s)`);
      for (const appointment of page.items.slice(0, 3)) {
        context.print(`  #${appointment.id} on ${appointment.date}, ${appointment.length / 60} min`);
      }
    }
    // Or item by item, with a cap: for await (const a of appointments) …  /  await appointments.toArray({ max: 100 })
    const firstTen = await appointments.toArray({ max: 10 });
    context.print(`toArray({ max: 10 }) → ${firstTen.length} appointment(s)`);
  },
};
