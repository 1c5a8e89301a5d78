// What a client's Yjs update may touch, read from the decoded update before it is applied: once
// Y.applyUpdate has run, a new top-level type lives in the document (and in every snapshot)
// forever. A connection may write the root types of app/domain/board/ydoc.ts that its case's board
// shows: `lesions`, `discussion:<its case id>` and `decisionDraft:<its case id>` (room.ts builds
// that set per connection).
import * as Y from "yjs";

export interface UpdateShape {
  /** No struct and no deletion: nothing to apply (a client's idle sync step 2). */
  empty: boolean;
  /** Top-level types the update writes into directly (an item whose parent is a root name). */
  rootTypes: Set<string>;
}

/**
 * Decodes the whole update (a truncated or garbled one throws here, before it touches the
 * document). Only items that name their root are listed: an edit next to existing content names
 * its neighbour instead, which rootsWritten follows against the document.
 */
export function inspectUpdate(update: Uint8Array): UpdateShape {
  const decoded = Y.decodeUpdate(update);
  const rootTypes = new Set<string>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Item && typeof struct.parent === "string") rootTypes.add(struct.parent);
  }
  return {
    empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0,
    rootTypes,
  };
}

/** The first root type of the update that is not one of `allowed`, or null. */
export function foreignRootType(shape: UpdateShape, allowed: ReadonlySet<string>): string | null {
  for (const name of shape.rootTypes) if (!allowed.has(name)) return name;
  return null;
}

/** The root of a reference the document does not hold (never an allowed root name). */
export const UNRESOLVED_ROOT = "\u0000unresolved";

/**
 * Every root type the update writes into, resolved against the document it is about to be applied
 * to. An item names its root only when it has no neighbour: an insertion next to existing text, or
 * a map key set again, names only its neighbour (origin / right origin), and an item inside a
 * nested type names that type's item (Yjs 13 Item.write). Those are followed to the item that
 * holds them, in this update or in the document. Deletions count for the items they would delete
 * (already deleted or garbage-collected ones change nothing). A reference to an id neither holds
 * gives UNRESOLVED_ROOT: Yjs would keep it pending and integrate it later, unchecked, so it is
 * refused like a foreign root.
 */
export function rootsWritten(doc: Y.Doc, update: Uint8Array): Set<string> {
  const decoded = Y.decodeUpdate(update);
  const own = new Map<number, Y.Item[]>();
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue;
    const list = own.get(s.id.client) ?? [];
    list.push(s);
    own.set(s.id.client, list);
  }
  const inUpdate = (id: Y.ID): Y.Item | undefined =>
    own.get(id.client)?.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length);
  const roots = new Set<string>();
  const memo = new Map<Y.Item, string | null>();

  /** The root of an item of the document (null: garbage-collected, writing next to it is a no-op). */
  const rootInDoc = (id: Y.ID): string | null => {
    const structs = doc.store.clients.get(id.client);
    if (!structs || Y.getState(doc.store, id.client) <= id.clock) return UNRESOLVED_ROOT;
    const struct = structs[Y.findIndexSS(structs, id.clock)];
    if (!(struct instanceof Y.Item)) return null;
    let type = struct.parent;
    while (type instanceof Y.AbstractType && type._item) type = type._item.parent;
    if (!(type instanceof Y.AbstractType)) return UNRESOLVED_ROOT;
    try {
      return Y.findRootTypeKey(type);
    } catch {
      return UNRESOLVED_ROOT;
    }
  };

  /** Follows parent / origin references through this update (iteratively: chains can be long). */
  const rootOf = (item: Y.Item): string | null => {
    const chain: Y.Item[] = [];
    let current: Y.Item = item;
    let root: string | null = UNRESOLVED_ROOT;
    for (;;) {
      const known = memo.get(current);
      if (known !== undefined) {
        root = known;
        break;
      }
      chain.push(current);
      const parent: unknown = current.parent;
      if (typeof parent === "string") {
        root = parent;
        break;
      }
      const ref = parent instanceof Y.ID ? parent : (current.origin ?? current.rightOrigin);
      if (!ref) break;
      const next = inUpdate(ref);
      if (!next || chain.includes(next)) {
        root = next ? UNRESOLVED_ROOT : rootInDoc(ref);
        break;
      }
      current = next;
    }
    for (const c of chain) memo.set(c, root);
    return root;
  };

  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue;
    const root = rootOf(s);
    if (root !== null) roots.add(root);
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = doc.store.clients.get(client) ?? [];
    const state = Y.getState(doc.store, client);
    for (const { clock, len } of ranges) {
      for (let at = clock; at < clock + len; ) {
        if (at >= state) {
          // Beyond the document: only items of this very update may be deleted there.
          const item = inUpdate(Y.createID(client, at));
          if (!item) {
            roots.add(UNRESOLVED_ROOT);
            break;
          }
          at = item.id.clock + item.length;
          continue;
        }
        const struct = structs[Y.findIndexSS(structs, at)];
        if (struct instanceof Y.Item && !struct.deleted) {
          const root = rootInDoc(struct.id);
          if (root !== null) roots.add(root);
        }
        at = struct.id.clock + struct.length;
      }
    }
  }
  return roots;
}
