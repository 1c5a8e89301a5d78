// Projection extension: keeps the board read model (board_lesions, server/collab/projection.ts)
// up to date. Debounced by the room's store step; writes only when the board changed since its
// last successful write, so a failure is retried at the next store (at the latest the server's
// maintenance tick) and never drops the room.
import type { CollabStore } from "../../../db/collab";
import type { CollabExtension, RoomInfo } from "../extension";
import { writeProjection } from "../projection";

export interface ProjectionOptions {
  now: () => Date;
  log: (message: string) => void;
}

export function projectionExtension(
  store: CollabStore,
  options: ProjectionOptions,
): CollabExtension {
  const changed = new WeakSet<RoomInfo>();
  return {
    name: "projection",
    onChange({ room }) {
      changed.add(room);
    },
    onStore({ room }) {
      if (!changed.has(room)) return;
      writeProjection(store, room.patientId, room.doc, options.now().toISOString(), options.log);
      changed.delete(room);
    },
    onUnload({ room }) {
      changed.delete(room);
    },
  };
}
