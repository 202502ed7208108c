/** List a location's services (v2, JSON:API) with a relationship included, unwrapped to plain objects. */
import { unwrap } from "../src/index.js";
import type { Example } from "./context.js";
import { userClient } from "./01-login.js";

export const servicesExample: Example = {
  title: "List services, with included resources unwrapped",
  async run(context) {
    const location = (await userClient(context)).location(context.locationId);
    const document = await location.v2.get("/locations/{location_id}/services", {
      params: { query: { include: ["resources"], limit: 5 } },
    });
    // { data: [{ type, id, attributes, relationships }], included: [...] } → [{ id, type, title, resources: [...] }]
    const { data: services } = unwrap(document);
    context.print(`${services.length} service(s) on the first page:`);
    for (const service of services) {
      const resources = (service.resources ?? []).map((resource) => String(resource["title"] ?? `#${resource.id}`));
      context.print(`  #${service.id} ${service.title}` + (resources.length > 0 ? ` — resources: ${resources.join(", ")}` : ""));
    }
  },
};
