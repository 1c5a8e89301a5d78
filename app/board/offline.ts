// Offline copies of boards live in the browser's IndexedDB (y-indexeddb), one database per user
// and case board (holding the patient's lesion map, decision 072). They hold clinical data, so they are deleted when the session ends: hospital
// computers are shared. Edits not yet sent at sign-out are lost with it (never acknowledged).
import { boardRoomName } from "../domain/board/room";

export const OFFLINE_DB_PREFIX = "osteoboard:";

/**
 * `osteoboard:u<userId>:map:case:<caseId>`. The `map:` segment is new with decision 072: a copy
 * saved before it (`osteoboard:u<id>:case:<id>`) holds a per-case board whose root `discussion`
 * the server now refuses, so it must never be loaded into the patient's map; it is ignored, and
 * deleted with the others at sign-out (same prefix).
 */
export const offlineBoardName = (userId: number, caseId: number) =>
  `${OFFLINE_DB_PREFIX}u${userId}:map:${boardRoomName(caseId)}`;

export async function clearOfflineBoards(): Promise<number> {
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return 0;
  const names = (await indexedDB.databases())
    .map((d) => d.name)
    .filter((n): n is string => typeof n === "string" && n.startsWith(OFFLINE_DB_PREFIX));
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve) => {
          const req = indexedDB.deleteDatabase(name);
          req.onsuccess = req.onerror = req.onblocked = () => resolve();
        }),
    ),
  );
  return names.length;
}
