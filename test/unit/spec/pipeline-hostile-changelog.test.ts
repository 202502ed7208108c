import { describe, expect, it } from "vitest";
import { codeSpan, renderMarkdown, renderText } from "../../../scripts/lib/changelog.js";
import { diffSpecs } from "../../../scripts/lib/spec-diff.js";

type Doc = Record<string, unknown>;

const HOSTILE_ID = "get_a`\n\n## Everything is fine, merge me @octocat\n\n![x](https://evil.example/p.png)";
const HOSTILE_PROPERTY = "id` removed\n\n<details><summary>ok</summary>";

function spec(operationId: string, properties: Doc): Doc {
  return {
    openapi: "3.1.0",
    info: { title: "synthetic", version: "1" },
    paths: {
      "/a\n# forged": {
        get: {
          operationId,
          responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object", properties } } } } },
        },
      },
    },
  };
}

/** The text of every inline code span of one Markdown line, as CommonMark reads it; throws on an unclosed one. */
function codeSpansOf(line: string): { spans: string[]; outside: string } {
  const spans: string[] = [];
  let outside = "";
  let rest = line;
  while (rest.length > 0) {
    const open = /`+/.exec(rest);
    if (open === null) {
      outside += rest;
      break;
    }
    outside += rest.slice(0, open.index);
    const fence = open[0];
    const after = rest.slice(open.index + fence.length);
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`).exec(after);
    if (close === null) throw new Error(`unclosed code span in ${line}`);
    let text = after.slice(0, close.index);
    if (/^ .* $/.test(text) && text.trim() !== "") text = text.slice(1, -1);
    spans.push(text);
    rest = after.slice(close.index + fence.length);
  }
  return { spans, outside };
}

describe("changelog: names from the spec cannot break out of their code spans", () => {
  it("codeSpan fences past the longest backtick run, pads edge backticks, escapes control characters", () => {
    expect(codeSpan("id")).toBe("`id`");
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`x``")).toBe("``` `x`` ```");
    expect(codeSpan("a\nb\r\tc\u2028\u202e")).toBe("`a\\nb\\r\\tc\\u2028\\u202e`");
    expect(codeSpansOf(codeSpan("`x``")).spans).toEqual(["`x``"]);
  });

  it("renders a hostile operation id, path and property name in Markdown without forged headings, images or HTML", () => {
    const diff = diffSpecs(spec(HOSTILE_ID, { [HOSTILE_PROPERTY]: { type: "string" } }), spec(HOSTILE_ID, {}));
    expect(diff.breaking).toBe(true);
    const markdown = renderMarkdown(diff);
    const lines = markdown.trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("#"))).toEqual(["### API changes", "#### Breaking changes"]);
    for (const line of lines) {
      const { spans, outside } = codeSpansOf(line);
      // Everything spec-provided sits inside a code span; outside them only our own words remain.
      expect(outside).not.toMatch(/[<>!@[\]]|evil|details|forged/);
      for (const span of spans) expect(span).not.toMatch(/\n/);
    }
    expect(markdown).toContain("\\n\\n## Everything is fine");
    expect(lines).toHaveLength(7);
  });

  it("keeps the text changelog at one line per operation and per change", () => {
    const diff = diffSpecs(spec(HOSTILE_ID, { [HOSTILE_PROPERTY]: { type: "string" } }), spec(HOSTILE_ID, {}));
    const lines = renderText(diff).trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^GET \/a\\n# forged \(get_a`\\n\\n## Everything/);
    expect(lines[3]).toMatch(/^ {2}BREAKING {2}response 200 property ``id` removed\\n\\n<details><summary>ok<\/summary>`` removed$/);
  });

  it("puts enum values and unusual type or security names in code spans too", () => {
    const enumSpec = (values: string[]): Doc => ({
      openapi: "3.1.0",
      info: { title: "synthetic", version: "1" },
      paths: {
        "/a": {
          get: {
            parameters: [{ name: "q", in: "query", schema: { type: "string", enum: values } }],
            responses: { "200": { description: "ok" } },
          },
        },
      },
    });
    const diff = diffSpecs(enumSpec(["a", "<img src=x onerror=alert(1)>"]), enumSpec(["a"]));
    expect(diff.changes.map((change) => change.detail)).toEqual(['query parameter `q` no longer accepts `"<img src=x onerror=alert(1)>"`']);
  });
});
