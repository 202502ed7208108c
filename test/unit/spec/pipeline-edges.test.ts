import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../scripts/lib/bundles.js";
import { renderNamedMethods } from "../../../scripts/lib/named-methods.js";
import type { OpenApiDoc } from "../../../scripts/lib/openapi-doc.js";
import { OpenApiTextError, parseOpenApiText } from "../../../scripts/lib/openapi-parse.js";
import { buildOperationTable } from "../../../scripts/lib/operation-table.js";
import { diffSpecs } from "../../../scripts/lib/spec-diff.js";

/** Edge cases of the spec pipeline, each on a small synthetic spec of our own. */

type Doc = Record<string, unknown>;

const ok = (schema: unknown = { type: "object", properties: { id: { type: "integer" } } }): Doc => ({
  "200": { description: "ok", content: { "application/json": { schema } } },
});

function spec(paths: Doc, components: Doc = {}): OpenApiDoc {
  return { openapi: "3.1.0", info: { title: "synthetic", version: "1" }, paths, components } as OpenApiDoc;
}

function parseError(text: string): OpenApiTextError {
  try {
    parseOpenApiText("widgets.json", text);
  } catch (error) {
    if (error instanceof OpenApiTextError) return error;
    throw error;
  }
  throw new Error("expected an OpenApiTextError");
}

describe("parseOpenApiText", () => {
  it("reads JSON that starts with a byte order mark, as it reads such YAML", () => {
    const doc = spec({ "/widgets": { get: { operationId: "listWidgets", responses: ok() } } });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(doc))]);
    const parsed = parseOpenApiText("widgets.json", bom);
    expect(parsed.doc).toEqual(doc);
    expect(parsed.text.startsWith("\uFEFF")).toBe(true);
  });

  it.each([
    ["an absolute file", "/etc/widgets.yaml"],
    ["a relative file", "./widget.yaml#/Widget"],
    ["a URL", "http://127.0.0.1:9/widget.yaml"],
    ["a fragment without its slash", "#components/schemas/Widget"],
  ])("refuses a $ref to %s, which generation would go and read", (_label, ref) => {
    const error = parseError(JSON.stringify(spec({ "/widgets": { get: { operationId: "listWidgets", responses: ok({ $ref: ref }) } } })));
    expect(error.kind).toBe("unresolved-ref");
    expect(error.message).toContain("widgets.json");
    expect(error.message).toContain(JSON.stringify(ref));
  });

  it("refuses an example's externalValue, which generation would download", () => {
    const media = { schema: { type: "object" }, examples: { remote: { externalValue: "http://127.0.0.1:9/example.json" } } };
    const doc = spec({
      "/widgets": {
        get: { operationId: "listWidgets", responses: { "200": { description: "ok", content: { "application/json": media } } } },
      },
    });
    const error = parseError(JSON.stringify(doc));
    expect(error.kind).toBe("unresolved-ref");
    expect(error.message).toContain('"http://127.0.0.1:9/example.json"');
  });

  it("still accepts a property named $ref and local pointers", () => {
    const schema = { type: "object", properties: { $ref: { type: "string" }, widget: { $ref: "#/components/schemas/Widget" } } };
    const doc = spec(
      { "/widgets": { get: { operationId: "listWidgets", responses: ok(schema) } } },
      { schemas: { Widget: { type: "object" } } },
    );
    expect(parseOpenApiText("widgets.json", JSON.stringify(doc)).doc).toEqual(doc);
  });

  it("names a path item that is not a mapping (an empty `/widgets:` key in YAML)", () => {
    const error = parseError("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /widgets:\n  /gadgets: {}\n");
    expect(error.kind).toBe("not-openapi");
    expect(error.message).toMatch(/widgets\.json .*"\/widgets"/);
  });
});

describe("renderNamedMethods", () => {
  const render = (operationId: string, tag = "Widgets"): (() => unknown) => {
    const doc = spec({
      "/widgets": { get: { operationId: "list_widgets", tags: ["Widgets"], responses: ok() } },
      "/gadgets": { get: { operationId, tags: [tag], responses: ok() } },
    });
    return () => renderNamedMethods("v1", doc, buildOperationTable(doc));
  };

  it.each(["1st_gadgets", "get-gadgets-", "list_widgets()"])("refuses the operationId %j, whose method name is no identifier", (id) => {
    expect(render(id)).toThrow(new RegExp(`v1: ${id.replace(/[()]/g, "\\$&")} .*not a valid method name`));
  });

  it.each(["to_string", "value_of", "has_own_property"])("refuses %j, whose method name every object already has", (id) => {
    expect(render(id)).toThrow(/would be named like the client's own/);
  });

  it.each(["Гаджеты", "2FA", "Value Of"])("refuses the tag %j, whose group name is no usable identifier", (tag) => {
    expect(render("list_gadgets", tag)).toThrow(/v1: tag .*group/);
  });

  it("accepts ordinary names", () => {
    expect(render("list_gadgets", "Gadgets & Gizmos")()).toMatchObject({ source: expect.stringContaining("readonly gadgetsAndGizmos:") });
  });
});

describe("diffSpecs", () => {
  it("compares a schema whose alternatives refer to itself without exponential work", { timeout: 20_000 }, () => {
    const schemas = { Node: { oneOf: Array.from({ length: 8 }, () => ({ $ref: "#/components/schemas/Node" })) } };
    const doc = spec(
      { "/nodes": { get: { operationId: "listNodes", responses: ok({ $ref: "#/components/schemas/Node" }) } } },
      { schemas },
    );
    expect(diffSpecs(doc, structuredClone(doc)).changes).toEqual([]);
  });
});

describe("npm run generate on a bundle that breaks inside a library", () => {
  it("fails with one line naming the bundle", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "altegio-pipeline-edges-"));
    try {
      const bad = spec({ "/widgets": { get: { operationId: "listWidgets", parameters: ["page"], responses: ok() } } });
      await mkdir(join(dir, "bundles"), { recursive: true });
      await writeFile(join(dir, "bundles", "b2b-v1.openapi.yaml"), JSON.stringify(bad));
      const failure = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          join(REPO_ROOT, "node_modules", ".bin", "tsx"),
          [join(REPO_ROOT, "scripts", "generate.ts")],
          { cwd: REPO_ROOT, env: { ...process.env, ALTEGIO_OPENAPI_DIR: dir, ALTEGIO_GENERATED_DIR: join(dir, "gen") } },
          (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }),
        );
      });
      expect(failure.code).toBe(1);
      const lines = failure.stderr.split("\n").filter((line) => line.startsWith("generate: "));
      expect(lines).toEqual([expect.stringMatching(/^generate: b2b-v1: /)]);
      expect(failure.stderr).not.toMatch(/^\s+at /m);
      expect(await readdir(join(dir, "gen")).catch(() => [])).not.toContain("v1.ts");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
