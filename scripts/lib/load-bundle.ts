import { readFile } from "node:fs/promises";
import { bundlePath, type BundleName } from "./bundles.js";
import { errorCode } from "./cli.js";
import { parseBundleText } from "./fetch-bundles.js";
import type { OpenApiDoc } from "./openapi-doc.js";

/** A fetched bundle from `openapi/bundles/`, checked; a clear error when it was never fetched. */
export async function loadBundle(name: BundleName): Promise<OpenApiDoc> {
  const file = bundlePath(name);
  let body: Uint8Array;
  try {
    body = await readFile(file);
  } catch (error) {
    if (errorCode(error) === "ENOENT") {
      throw new Error(`${file} is missing: run \`npm run spec:fetch\` first (offline: set ALTEGIO_OPENAPI_MIRROR)`, { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read ${file} (${reason}): fix or remove it, then run \`npm run spec:fetch\``, { cause: error });
  }
  return parseBundleText(`${name}: ${file}`, body).doc as OpenApiDoc;
}
