import { describe, expect, it } from "vitest";
import { AltegioError, AltegioJsonApiIncludeError } from "../../src/facade/errors.js";
import { unwrap, type JsonApiDocument, type ResourceObject, type UnwrappedResource } from "../../src/facade/jsonapi.js";

const ref = (type: string | null, id: string | number) => ({ type, id });

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** Unwraps a deep-frozen copy and checks the input came out unchanged. */
function unwrapFrozen(document: JsonApiDocument) {
  const before = structuredClone(document);
  const result = unwrap(deepFreeze(document));
  expect(document).toStrictEqual(before);
  return result;
}

function asList(data: unknown): UnwrappedResource[] {
  expect(Array.isArray(data)).toBe(true);
  return data as UnwrappedResource[];
}

function unwrapList(document: JsonApiDocument): UnwrappedResource[] {
  return asList(unwrapFrozen(document).data);
}

/** Unwraps a document whose data is one service (`type: "service"`, `id: "1"`) with these fields. */
function unwrapService(fields: Omit<ResourceObject, "type" | "id">, included?: JsonApiDocument["included"]): UnwrappedResource {
  const services = unwrapList({ data: [{ type: "service", id: "1", ...fields }], ...(included === undefined ? {} : { included }) });
  expect(services).toHaveLength(1);
  return services[0]!;
}

function asResource(value: unknown): UnwrappedResource {
  expect(value).toBeTypeOf("object");
  expect(value).not.toBeNull();
  return value as UnwrappedResource;
}

describe("unwrap: shape", () => {
  it("flattens a collection and resolves to-one and to-many relationships from included", () => {
    const result = unwrapFrozen({
      data: [
        {
          type: "service",
          id: "1",
          attributes: { title: "Haircut", price: 10 },
          relationships: {
            category: { data: ref("category", "5") },
            staff: { data: [ref("staff", "7"), ref("staff", "8")] },
          },
        },
      ],
      included: [
        { type: "category", id: "5", attributes: { title: "Hair" } },
        { type: "staff", id: "7", attributes: { name: "Ann" } },
        { type: "staff", id: "8", attributes: { name: "Bob" } },
      ],
      meta: { count: 1 },
      links: { next: "/services?page=2" },
    });
    expect(result).toStrictEqual({
      data: [
        {
          id: "1",
          type: "service",
          title: "Haircut",
          price: 10,
          category: { id: "5", type: "category", title: "Hair" },
          staff: [
            { id: "7", type: "staff", name: "Ann" },
            { id: "8", type: "staff", name: "Bob" },
          ],
        },
      ],
      meta: { count: 1 },
      links: { next: "/services?page=2" },
    });
  });

  it("returns a single object for a single-resource document, and passes meta through as sent", () => {
    const result = unwrapFrozen({ data: { type: "service", id: "1", attributes: { title: "Cut" } }, meta: [] });
    expect(result).toStrictEqual({ data: { id: "1", type: "service", title: "Cut" }, meta: [], links: undefined });
  });

  it.each([
    ["data: null", { data: null }, null],
    ["data: []", { data: [] }, []],
    ["no data member", {}, null],
  ])("handles %s", (_, document, expected) => {
    expect(unwrapFrozen(document as JsonApiDocument).data).toStrictEqual(expected);
  });

  it("leaves a resource without attributes or relationships as { id, type }", () => {
    expect(unwrapFrozen({ data: [{ type: "tag", id: "3" }] }).data).toStrictEqual([{ id: "3", type: "tag" }]);
  });
});

describe("unwrap: relationships", () => {
  it("resolves null linkage to null and empty to-many linkage to []", () => {
    const service = unwrapService({ relationships: { composite: { data: null }, staff: { data: [] } } });
    expect(service).toStrictEqual({ id: "1", type: "service", composite: null, staff: [] });
  });

  it("omits relationships that carry links or meta but no data", () => {
    const service = unwrapService({
      relationships: { staff: { links: { related: "/services/1/staff" } }, tags: { meta: { count: 2 } } },
    });
    expect(service).toStrictEqual({ id: "1", type: "service" });
    expect(Object.keys(service)).toEqual(["id", "type"]);
  });

  it("resolves a target missing from included to a shared { id, type } stub, even without included", () => {
    const [first, second] = unwrapList({
      data: [
        { type: "service", id: "1", relationships: { category: { data: ref("category", "9") } } },
        { type: "service", id: "2", relationships: { categories: { data: [ref("category", "9")] } } },
      ],
    });
    expect(first!["category"]).toStrictEqual({ id: "9", type: "category" });
    expect((second!["categories"] as unknown[])[0]).toBe(first!["category"]);
  });

  it("resolves relationships that point at other primary resources, earlier or later, to those same objects", () => {
    const [first, parent, child] = unwrapList({
      data: [
        { type: "service", id: "9", relationships: { category: { data: ref("category", "2") } } },
        { type: "category", id: "1", attributes: { title: "Parent" } },
        { type: "category", id: "2", attributes: { title: "Child" }, relationships: { parent: { data: ref("category", "1") } } },
      ],
      included: [{ type: "category", id: "2", attributes: { title: "Side-loaded copy" } }],
    });
    expect(child!["parent"]).toBe(parent);
    expect(first!["category"]).toBe(child);
    expect(child).toStrictEqual({ id: "2", type: "category", title: "Child", parent: { id: "1", type: "category", title: "Parent" } });
  });

  it("links included resources to each other, whatever their order", () => {
    const [record] = unwrapList({
      data: [{ type: "record", id: "1", relationships: { client: { data: ref("client", "4") } } }],
      included: [
        { type: "client", id: "4", attributes: { name: "Eve" }, relationships: { city: { data: ref("city", "8") } } },
        { type: "city", id: "8", attributes: { name: "Riga" } },
      ],
    });
    expect(record!["client"]).toStrictEqual({ id: "4", type: "client", name: "Eve", city: { id: "8", type: "city", name: "Riga" } });
  });

  it("turns a cycle a -> b -> a into shared references and terminates", () => {
    const result = unwrapFrozen({
      data: { type: "a", id: "1", relationships: { b: { data: ref("b", "2") } } },
      included: [{ type: "b", id: "2", relationships: { a: { data: ref("a", "1") }, self: { data: ref("b", "2") } } }],
    });
    const a = asResource(result.data);
    const b = asResource(a["b"]);
    expect(b["a"]).toBe(a);
    expect(b["self"]).toBe(b);
    // Documented consequence of keeping identity: a cyclic result cannot be serialised as is.
    expect(() => JSON.stringify(a)).toThrow(TypeError);
  });

  it("skips to-many entries that are not resource identifiers", () => {
    const service = unwrapService({ relationships: { staff: { data: [null, ref("staff", "7"), "7"] } } });
    expect(service["staff"]).toStrictEqual([{ id: "7", type: "staff" }]);
  });
});

describe("unwrap: odd documents", () => {
  it("keeps the first of duplicate included resources and ignores later copies whole", () => {
    const service = unwrapService({ relationships: { staff: { data: [ref("staff", "7")] } } }, [
      { type: "staff", id: "7", attributes: { name: "First" } },
      { type: "staff", id: "7", attributes: { name: "Second", extra: true }, relationships: { boss: { data: ref("staff", "1") } } },
    ]);
    expect(service["staff"]).toStrictEqual([{ id: "7", type: "staff", name: "First" }]);
  });

  it("resolves to the primary copy of a resource that is also side-loaded; repeated data entries stay as sent", () => {
    const data = unwrapList({
      data: [
        { type: "staff", id: "1", attributes: { name: "Primary" }, relationships: { boss: { data: ref("staff", "2") } } },
        { type: "staff", id: "2", attributes: { name: "Boss" }, relationships: { report: { data: ref("staff", "1") } } },
        { type: "staff", id: "1", attributes: { name: "Duplicate" } },
      ],
      included: [{ type: "staff", id: "1", attributes: { name: "Side-loaded" } }],
    });
    expect(data.map((staff) => staff["name"])).toEqual(["Primary", "Boss", "Duplicate"]);
    expect(data[0]!["boss"]).toBe(data[1]);
    expect(data[1]!["report"]).toBe(data[0]);
  });

  it("treats type: null as a type of its own", () => {
    const service = unwrapService({ relationships: { untyped: { data: ref(null, "5") }, typed: { data: ref("staff", "5") } } }, [
      { type: null, id: "5", attributes: { name: "No type" } },
    ]);
    expect(service["untyped"]).toStrictEqual({ id: "5", type: null, name: "No type" });
    expect(service["typed"]).toStrictEqual({ id: "5", type: "staff" });
  });

  it("converts numeric ids to strings, so 7 and '7' name the same resource", () => {
    const [service] = unwrapList({
      data: [{ type: "service", id: 1, relationships: { staff: { data: ref("staff", "7") }, more: { data: [ref("staff", 7)] } } }],
      included: [{ type: "staff", id: 7, attributes: { name: "Ann" } }],
    });
    expect(service!.id).toBe("1");
    expect(service!["staff"]).toStrictEqual({ id: "7", type: "staff", name: "Ann" });
    expect((service!["more"] as unknown[])[0]).toBe(service!["staff"]);
  });

  it("never lets attributes or relationships named id or type override the resource identity", () => {
    const service = unwrapService({
      attributes: { id: 999, type: "attribute-type", title: "Cut" },
      relationships: { id: { data: ref("x", "2") }, type: { data: null } },
    });
    expect(service).toStrictEqual({ id: "1", type: "service", title: "Cut" });
  });

  it("keeps identity on side-loaded resources whose attributes carry id or type", () => {
    const service = unwrapService({ relationships: { staff: { data: ref("staff", "7") } } }, [
      { type: "staff", id: "7", attributes: { id: "bogus", type: "bogus", name: "Ann" } },
    ]);
    expect(service["staff"]).toStrictEqual({ id: "7", type: "staff", name: "Ann" });
  });

  it("lets a relationship replace an attribute of the same name, and drops both when the relationship has no data", () => {
    const service = unwrapService({
      attributes: { category: 5, staff: "legacy", title: "Cut" },
      relationships: { category: { data: ref("category", "5") }, staff: { links: { related: "/x" } } },
    });
    expect(service).toStrictEqual({ id: "1", type: "service", title: "Cut", category: { id: "5", type: "category" } });
  });

  it("keeps fields named __proto__ as plain fields without touching prototypes", () => {
    const document = JSON.parse(
      '{"data":[{"type":"s","id":"1","attributes":{"__proto__":{"polluted":true}},"relationships":{"__proto__":{"data":{"type":"t","id":"2"}}}}],' +
        '"included":[{"type":"t","id":"2","attributes":{"__proto__":{"polluted":true},"name":"T"}}]}',
    ) as JsonApiDocument;
    const [resource] = unwrapList(document);
    expect(Object.getPrototypeOf(resource)).toBe(Object.prototype);
    const target = Object.getOwnPropertyDescriptor(resource, "__proto__")?.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect([target.id, target.type, target["name"]]).toEqual(["2", "t", "T"]);
    expect(Object.getOwnPropertyDescriptor(target, "__proto__")?.value).toStrictEqual({ polluted: true });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("maps non-object entries in data to null and ignores non-object included entries", () => {
    const result = unwrapFrozen({ data: [null, { type: "s", id: "1" }], included: ["junk", 3, null] } as unknown as JsonApiDocument);
    expect(result.data).toStrictEqual([null, { id: "1", type: "s" }]);
  });

  it("shares attribute values with the input instead of copying them", () => {
    const address = { city: "Riga" };
    const [resource] = asList(unwrap({ data: [{ type: "s", id: "1", attributes: { address } }] }).data);
    expect(resource!["address"]).toBe(address);
  });
});

describe("unwrap: include option", () => {
  const document = {
    data: [
      { type: "service", id: "1", relationships: { staff: { data: [ref("staff", "7")] }, composite: { data: null } } },
      { type: "service", id: "2", relationships: { staff: { data: [] }, composite: { data: ref("service", "1") } } },
    ],
    included: [{ type: "staff", id: "7", attributes: { name: "Ann" } }],
  };

  it("accepts documents that carry linkage (even null or empty) for every included relationship", () => {
    const result = unwrap(document, { include: ["staff", "composite"] });
    expect(result.data.map((service) => service.id)).toEqual(["1", "2"]);
    expect(result.data[1]!["composite"]).toBe(result.data[0]);
  });

  it("throws AltegioJsonApiIncludeError naming the resource when an included relationship lacks linkage", () => {
    const incomplete = {
      data: [...document.data, { type: "service", id: "3", relationships: { staff: { links: { related: "/x" } } } }],
    };
    let caught: unknown;
    try {
      unwrap(incomplete, { include: ["staff"] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AltegioJsonApiIncludeError);
    expect(caught).toBeInstanceOf(AltegioError);
    expect(caught).toMatchObject({ name: "AltegioJsonApiIncludeError", resourceType: "service", resourceId: "3", relationship: "staff" });
    expect(String(caught)).toContain('service 3 has no linkage for the included relationship "staff"');
    expect(() => unwrap({ data: { type: "service", id: "4" } }, { include: ["staff" as never] })).toThrow(AltegioJsonApiIncludeError);
  });
});
