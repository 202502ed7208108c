import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";

// What an editor shows on hover comes from the emitted declarations: build them as the package
// build does (same tsconfig, declarations only) and read the JSDoc of a sample of named methods.

const run = promisify(execFile);
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "altegio-declarations-"));
  await run(process.execPath, [TSC, "-p", join(REPO_ROOT, "tsconfig.build.json"), "--emitDeclarationOnly", "--outDir", outDir], {
    cwd: REPO_ROOT,
  });
}, 300_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** The JSDoc of property `name` in the emitted declaration file `file`: its text and tags. */
async function jsDocOf(file: string, name: string): Promise<{ text: string; tags: Record<string, string> }> {
  const source = ts.createSourceFile(file, await readFile(join(outDir, file), "utf8"), ts.ScriptTarget.ES2022, true);
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertySignature(node) && node.name.getText(source) === name) found = node;
    if (!found) ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) throw new Error(`${name} is not declared in ${file}`);
  const docs = ts.getJSDocCommentsAndTags(found).filter(ts.isJSDoc);
  const doc = docs[docs.length - 1];
  const text = ts.getTextOfJSDocComment(doc?.comment) ?? "";
  const tags = Object.fromEntries((doc?.tags ?? []).map((tag) => [tag.tagName.text, ts.getTextOfJSDocComment(tag.comment) ?? ""]));
  return { text, tags };
}

describe("emitted declarations of the named methods", () => {
  it("carry the summary, the auth needed and the doc link", async () => {
    const { text, tags } = await jsDocOf("generated/v1-named.d.ts", "getTeamMemberSchedule");
    expect(text.split("\n")[0]).toBe("Get schedule of a specific team member");
    expect(text).toContain("`GET /v1/schedule/{location_id}/{team_member_id}/{start_date}/{end_date}`");
    expect(text).toContain("partner token + user token");
    expect(tags["see"]).toContain("https://developer.alteg.io/en/b2b-v1/openapi/schedule-and-resources/get_team_member_schedule.md");
  });

  it("say when an operation paginates", async () => {
    const { text, tags } = await jsDocOf("generated/v1-named.d.ts", "getLocationList");
    expect(text).toContain("Paginated");
    expect(text).toContain("partner token only");
    expect(tags["see"]).toContain("https://developer.alteg.io/en/b2b-v1/openapi/locations/get_location_list.md");
  });

  it("mark deprecated operations, with the replacement the spec names", async () => {
    const { tags } = await jsDocOf("generated/v1-named.d.ts", "getPositionList");
    expect(tags["deprecated"]).toBe("Use `GET /v2/companies/{company_id}/positions` instead.");
    expect(tags["see"]).toContain("https://developer.alteg.io/en/b2b-v1/openapi/team-members/get_position_list.md");
  });

  it("link v2 operations to the b2b-v2 docs", async () => {
    const { text, tags } = await jsDocOf("generated/v2-named.d.ts", "getService");
    expect(text).toContain("`GET /v2/locations/{location_id}/services/{service_id}`");
    expect(tags["see"]).toContain("https://developer.alteg.io/en/b2b-v2/openapi/services/get_service.md");
    expect((await jsDocOf("generated/v1-named.d.ts", "getLocation")).tags["deprecated"]).toBeUndefined();
  });
});
