import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unwrap, type JsonApiDocument } from "../../src/facade/jsonapi.js";

// Small pools so that random documents are full of matches, misses, duplicates and cycles.
const types = fc.constantFrom<string | null>("a", "b", "c", null);
const ids = fc.constantFrom<string | number>("1", "2", "3", 1, 4);
const fieldNames = fc.constantFrom("name", "rel", "id", "type", "__proto__", "size");
const identifier = fc.record({ type: types, id: ids });

/** Object.fromEntries makes "__proto__" an own field, as JSON.parse does. */
const fields = <T>(value: fc.Arbitrary<T>) =>
  fc.array(fc.tuple(fieldNames, value), { maxLength: 4 }).map((entries) => Object.fromEntries(entries));

const relationship = fc.oneof(
  fc.record({ data: identifier }),
  fc.record({ data: fc.constant(null) }),
  fc.record({ data: fc.array(identifier, { maxLength: 3 }) }),
  fc.record({ links: fc.record({ related: fc.string() }) }),
);

const resource = fc.record(
  {
    type: types,
    id: ids,
    attributes: fields(fc.oneof(fc.integer(), fc.string(), fc.constant(null))),
    relationships: fields(relationship),
  },
  { requiredKeys: ["type", "id"] },
);

const document = fc
  .record(
    {
      data: fc.oneof(fc.array(resource, { maxLength: 6 }), resource, fc.constant(null)),
      included: fc.array(resource, { maxLength: 8 }),
      meta: fc.dictionary(fc.string(), fc.integer()),
    },
    { requiredKeys: ["data"] },
  )
  // Round-trip through JSON: the documents unwrap sees come from JSON.parse.
  .map((doc) => JSON.parse(JSON.stringify(doc)) as JsonApiDocument);

type Wire = { type: string | null; id: string | number; attributes?: object; relationships?: object };
type Identifier = { type: string | null; id: string | number };

const keyOf = (r: Identifier) => JSON.stringify([r.type, String(r.id)]);
const own = (object: object, key: string): unknown => Object.getOwnPropertyDescriptor(object, key)?.value;
const entries = (object: object | undefined): [string, unknown][] =>
  object === undefined ? [] : Object.keys(object).map((key) => [key, own(object, key)]);

function linkageOf(relationship: unknown): unknown {
  return typeof relationship === "object" && relationship !== null ? (relationship as { data?: unknown }).data : undefined;
}

/** The fields an unwrapped resource must have, from the first wire copy of it (model of the documented rules). */
function expectedFieldNames(source: Wire | undefined): string[] {
  if (source === undefined) return ["id", "type"];
  const relationships = entries(source.relationships).filter(([name]) => name !== "id" && name !== "type");
  const relationshipNames = new Set(relationships.map(([name]) => name));
  const attributes = entries(source.attributes)
    .map(([name]) => name)
    .filter((name) => name !== "id" && name !== "type" && !relationshipNames.has(name));
  const linked = relationships.filter(([, rel]) => linkageOf(rel) !== undefined).map(([name]) => name);
  return ["id", "type", ...attributes, ...linked].sort();
}

describe("unwrap on random documents", () => {
  it("never throws, never mutates, unwraps every data entry as sent and resolves relationships to the first copy or a stub", () => {
    fc.assert(
      fc.property(document, (doc) => {
        const before = structuredClone(doc);
        const result = unwrap(doc);
        expect(doc).toStrictEqual(before);

        const primary = (Array.isArray(doc.data) ? doc.data : doc.data == null ? [] : [doc.data]) as Wire[];
        const firstCopy = new Map<string, Wire>();
        for (const wire of [...primary, ...((doc.included ?? []) as Wire[])]) {
          if (!firstCopy.has(keyOf(wire))) firstCopy.set(keyOf(wire), wire);
        }
        // Relationship targets: the first copy of each type + id, primary entries before included ones.
        const objectFor = new Map<string, object>();
        const dataNodes = (Array.isArray(doc.data) ? result.data : doc.data == null ? [] : [result.data]) as object[];
        expect(dataNodes).toHaveLength(primary.length);
        primary.forEach((wire, i) => {
          if (!objectFor.has(keyOf(wire))) objectFor.set(keyOf(wire), dataNodes[i]!);
        });
        const checked = new Set<object>();

        const checkFields = (node: unknown, expected: Identifier, source: Wire | undefined): void => {
          expect(node).toBeTypeOf("object");
          const object = node as Record<string, unknown>;
          if (checked.has(object)) return;
          checked.add(object);
          expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
          expect(object.id).toBe(String(expected.id));
          expect(object.type).toBe(expected.type);
          expect(Object.keys(object).sort()).toEqual(expectedFieldNames(source));
          if (source === undefined) return;
          for (const [name, value] of entries(source.attributes)) {
            if (name !== "id" && name !== "type" && !Object.hasOwn(source.relationships ?? {}, name)) {
              expect(own(object, name)).toBe(value);
            }
          }
          for (const [name, rel] of entries(source.relationships)) {
            if (name === "id" || name === "type") continue;
            const linkage = linkageOf(rel);
            const value = own(object, name);
            if (linkage === null) expect(value).toBeNull();
            else if (Array.isArray(linkage)) {
              expect(value).toHaveLength(linkage.length);
              linkage.forEach((target: Identifier, i) => checkTarget((value as unknown[])[i], target));
            } else if (linkage !== undefined) checkTarget(value, linkage as Identifier);
          }
        };
        const checkTarget = (node: unknown, identifier: Identifier): void => {
          const key = keyOf(identifier);
          const known = objectFor.get(key);
          if (known === undefined) objectFor.set(key, node as object);
          else expect(node).toBe(known);
          checkFields(node, identifier, firstCopy.get(key));
        };

        if (doc.data === null || doc.data === undefined) expect(result.data).toBeNull();
        primary.forEach((wire, i) => checkFields(dataNodes[i], wire, wire));
        expect(result.meta).toBe(doc.meta);
      }),
      { numRuns: 500 },
    );
  });
});
