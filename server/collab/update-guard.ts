// What a client's Yjs update may touch, read from the decoded update before it is applied: once
// Y.applyUpdate has run, a new top-level type lives in the document (and in every snapshot)
// forever. A connection may write the root types of app/domain/board/ydoc.ts that its case's board
// shows: `lesions` and `discussion:<its case id>` (room.ts builds that set per connection).
import * as Y from "yjs";

export interface UpdateShape {
  /** No struct and no deletion: nothing to apply (a client's idle sync step 2). */
  empty: boolean;
  /** Top-level types the update writes into directly (an item whose parent is a root name). */
  rootTypes: Set<string>;
}

/**
 * Decodes the whole update (a truncated or garbled one throws here, before it touches the
 * document). Items whose parent is given by an origin, or by the id of a nested type, descend
 * from an item that names its root: checking the named roots of every accepted update is enough.
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
