/**
 * Turns v2 JSON:API documents into plain objects: `{ id, type, ...attributes, ...relationships }`,
 * with relationships resolved against `included` and the primary `data`.
 *
 * Decisions a caller can rely on:
 * - Identity: every relationship pointing at a resource holds the same object — the one in `data`
 *   when the resource is primary. Cycles therefore come out as cycles (`a.b.a === a`); unwrapping
 *   always terminates, but `JSON.stringify` of a cyclic result throws.
 * - Missing targets: a relationship to a resource absent from the document resolves to a
 *   `{ id, type }` stub (shared by all references to it), never to `undefined`.
 * - Duplicates: relationships resolve to the first copy of a `type` + `id`, primary `data` before
 *   `included`; later copies in `included` are ignored whole, not merged. Each entry of `data` is
 *   unwrapped as sent, so a repeated entry gives a second object.
 * - Ids: a numeric id is converted to a string, so `7` and `"7"` name the same resource.
 *   `type: null` is a type of its own: it only matches identifiers that also say `type: null`.
 * - Shadowing: `id` and `type` always come from the resource object; attributes or relationships
 *   with those names are dropped. A relationship replaces an attribute of the same name, and is
 *   omitted like any other when it has no linkage (JSON:API forbids that clash).
 * - Absent linkage: a relationship without `data` (links or meta only) is omitted.
 * - A field named `__proto__` stays an ordinary field; it never changes an object's prototype.
 * - The input is never modified. Attribute values are not copied: nested objects inside attributes
 *   are shared with the input document.
 */
import { AltegioJsonApiIncludeError } from "./errors.js";
import type { JsonApiDocument, PrimaryResource, RelationshipName, UnwrappedDocument } from "./jsonapi-types.js";

export type {
  JsonApiDocument,
  PrimaryResource,
  RelationshipName,
  RelationshipObject,
  ResourceIdentifier,
  ResourceLinkage,
  ResourceObject,
  Unwrapped,
  UnwrappedDocument,
  UnwrappedResource,
} from "./jsonapi-types.js";

export interface UnwrapOptions<Included extends string> {
  /**
   * Relationships requested with `?include=`: the result type marks them as present on every
   * primary resource, and `unwrap` throws `AltegioJsonApiIncludeError` if one of them lacks linkage.
   */
  readonly include?: readonly Included[];
}

type Node = Record<string, unknown>;

const hasOwn = Object.prototype.hasOwnProperty;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function normalizeId(id: unknown): unknown {
  return typeof id === "number" ? String(id) : id;
}

function setField(node: Node, name: string, value: unknown): void {
  // Plain assignment to "__proto__" would replace the prototype instead of adding a field.
  if (name === "__proto__") {
    Object.defineProperty(node, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    node[name] = value;
  }
}

function createNode(id: unknown, type: unknown, attributes: unknown): Node {
  if (!isObject(attributes)) return { id, type };
  // Spread defines fields (never calls setters), so an attribute named "__proto__" stays a field.
  const node: Node = { id, type, ...attributes };
  if (hasOwn.call(attributes, "id")) node["id"] = id;
  if (hasOwn.call(attributes, "type")) node["type"] = type;
  return node;
}

function fillStub(stub: Node, attributes: unknown): void {
  if (!isObject(attributes)) return;
  for (const name in attributes) {
    if (hasOwn.call(attributes, name) && name !== "id" && name !== "type") setField(stub, name, attributes[name]);
  }
}

type TypeIndex = Map<unknown, Map<unknown, Node>>;

function indexOfType(index: TypeIndex, type: unknown): Map<unknown, Node> {
  let ofType = index.get(type);
  if (ofType === undefined) {
    ofType = new Map();
    index.set(type, ofType);
  }
  return ofType;
}

/**
 * Resolves relationships in one pass over the document: each node is created and linked once.
 * A relationship to a resource not seen yet gets a stub, filled in place when the resource turns
 * up. Primary resources are indexed only once something points at their type: a typical list
 * points only at side-loaded types, and indexing thousands of primary resources would be most of
 * the work.
 */
class ResourceGraph {
  private readonly primaryNodes: Node[] = [];
  private readonly primaryTypes = new Set<unknown>();
  private primaryIndex: TypeIndex | undefined;
  /** Side-loaded resources and stubs. */
  private readonly others: TypeIndex = new Map();
  private readonly unfilledStubs = new Set<Node>();
  private lastType: unknown;
  private lastTypeIndex: Map<unknown, Node> | undefined;

  addPrimary(resource: unknown): Node | null {
    if (!isObject(resource)) return null;
    const id = normalizeId(resource["id"]);
    const type = resource["type"];
    const stub = this.others.get(type)?.get(id);
    let node: Node;
    if (stub !== undefined && this.unfilledStubs.delete(stub)) {
      // Referenced before it appeared: adopt the stub, so earlier references see this resource.
      this.others.get(type)!.delete(id);
      fillStub(stub, resource["attributes"]);
      node = stub;
    } else {
      node = createNode(id, type, resource["attributes"]);
    }
    this.primaryTypes.add(type);
    this.primaryNodes.push(node);
    if (this.primaryIndex !== undefined) {
      const ofType = indexOfType(this.primaryIndex, type);
      if (!ofType.has(id)) ofType.set(id, node);
    }
    this.linkFrom(node, resource);
    return node;
  }

  /** Registers a side-loaded resource unless an earlier copy exists (a primary copy shadows it in `resolve`). */
  addIncluded(resource: unknown): void {
    if (!isObject(resource)) return;
    const id = normalizeId(resource["id"]);
    const type = resource["type"];
    const ofType = this.othersOfType(type);
    let node = ofType.get(id);
    if (node === undefined) {
      node = createNode(id, type, resource["attributes"]);
      ofType.set(id, node);
    } else if (this.unfilledStubs.delete(node)) {
      fillStub(node, resource["attributes"]);
    } else {
      return;
    }
    this.linkFrom(node, resource);
  }

  private linkFrom(node: Node, resource: Record<string, unknown>): void {
    const relationships = resource["relationships"];
    if (!isObject(relationships)) return;
    for (const name in relationships) {
      if (!hasOwn.call(relationships, name) || name === "id" || name === "type") continue;
      const relationship = relationships[name];
      const linkage = isObject(relationship) ? relationship["data"] : undefined;
      if (linkage === null) {
        setField(node, name, null);
      } else if (Array.isArray(linkage)) {
        setField(node, name, this.resolveMany(linkage));
      } else if (isObject(linkage)) {
        setField(node, name, this.resolve(linkage));
      } else if (hasOwn.call(node, name)) {
        delete node[name];
      }
    }
  }

  private resolveMany(identifiers: readonly unknown[]): Node[] {
    const resolved = new Array<Node>(identifiers.length);
    let count = 0;
    for (let i = 0; i < identifiers.length; i++) {
      const identifier = identifiers[i];
      if (isObject(identifier)) resolved[count++] = this.resolve(identifier);
    }
    if (count !== identifiers.length) resolved.length = count;
    return resolved;
  }

  private resolve(identifier: Record<string, unknown>): Node {
    const id = normalizeId(identifier["id"]);
    const type = identifier["type"];
    const primary = this.findPrimary(type, id);
    if (primary !== undefined) return primary;
    const ofType = this.othersOfType(type);
    const found = ofType.get(id);
    if (found !== undefined) return found;
    const stub: Node = { id, type };
    ofType.set(id, stub);
    this.unfilledStubs.add(stub);
    return stub;
  }

  private findPrimary(type: unknown, id: unknown): Node | undefined {
    if (!this.primaryTypes.has(type)) return undefined;
    this.primaryIndex ??= this.indexPrimary();
    return this.primaryIndex.get(type)?.get(id);
  }

  private indexPrimary(): TypeIndex {
    const index: TypeIndex = new Map();
    for (const node of this.primaryNodes) {
      const ofType = indexOfType(index, node["type"]);
      if (!ofType.has(node["id"])) ofType.set(node["id"], node);
    }
    return index;
  }

  private othersOfType(type: unknown): Map<unknown, Node> {
    // Consecutive lookups mostly share a type; skip the outer map for them.
    if (type !== this.lastType || this.lastTypeIndex === undefined) {
      this.lastType = type;
      this.lastTypeIndex = indexOfType(this.others, type);
    }
    return this.lastTypeIndex;
  }
}

function assertIncludedLinkage(primary: readonly unknown[], include: readonly string[]): void {
  for (const resource of primary) {
    if (!isObject(resource)) continue;
    const relationships = resource["relationships"];
    for (const name of include) {
      const relationship = isObject(relationships) ? relationships[name] : undefined;
      const linkage = isObject(relationship) ? relationship["data"] : undefined;
      // Only null, an identifier or a list is linkage; `linkFrom` omits anything else.
      if (linkage !== null && !isObject(linkage)) {
        throw new AltegioJsonApiIncludeError(resource["type"], resource["id"], name);
      }
    }
  }
}

/**
 * Unwraps a JSON:API document. `data` in the result is an array when the document's is, a single
 * object or `null` otherwise; `meta` and `links` are passed through unchanged.
 */
export function unwrap<D extends JsonApiDocument, const Included extends RelationshipName<PrimaryResource<D>> = never>(
  document: D,
  options?: UnwrapOptions<Included>,
): UnwrappedDocument<D, Included> {
  // `v2.get` resolves to undefined for an empty body.
  const { data: primary, included, meta, links }: JsonApiDocument = document ?? {};
  const primaryList: readonly unknown[] = Array.isArray(primary) ? primary : primary == null ? [] : [primary];
  const include = options?.include;
  if (include !== undefined && include.length > 0) assertIncludedLinkage(primaryList, include);

  const graph = new ResourceGraph();
  let data: Node | (Node | null)[] | null = null;
  if (Array.isArray(primary)) {
    const nodes = new Array<Node | null>(primary.length);
    for (let i = 0; i < primary.length; i++) nodes[i] = graph.addPrimary(primary[i]);
    data = nodes;
  } else if (primary != null) {
    data = graph.addPrimary(primary);
  }
  if (Array.isArray(included)) {
    for (let i = 0; i < included.length; i++) graph.addIncluded(included[i]);
  }

  return { data, meta, links } as UnwrappedDocument<D, Included>;
}
