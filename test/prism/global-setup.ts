import type { TestProject } from "vitest/node";
import { mockDocument, startPrism, startVersionRouter } from "./prism-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin to use as the SDK's `baseUrl`: `/v1/...` and `/v2/...` reach the two mocks. */
    prismBaseUrl: string;
    /** Base URLs of the v1 and v2 mocks themselves (paths as in the spec, no prefix). */
    prismV1Url: string;
    prismV2Url: string;
  }
}

/** Starts one Prism mock per bundle for the "prism" test project and stops them afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [v1, v2] = await Promise.all([startPrism(mockDocument("b2b-v1")), startPrism(mockDocument("b2b-v2"))]);
  const router = await startVersionRouter({ v1: v1.url, v2: v2.url });
  project.provide("prismBaseUrl", router.url);
  project.provide("prismV1Url", `${router.url}/v1`);
  project.provide("prismV2Url", `${router.url}/v2`);
  return async () => {
    const closed = new Promise<void>((resolve) => router.server.close(() => resolve()));
    router.server.closeAllConnections();
    await closed;
    await Promise.all([v1.stop(), v2.stop()]);
  };
}
