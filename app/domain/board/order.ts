// The board's lesion order, shared by the board page (numbers on the map) and the patient
// timeline (the same numbers on its lesion rows), so "lésion 2" means one lesion everywhere.
import type { BoardLesion } from "./schema";

/** Board order: oldest lesion first, so numbers stay put when someone adds one. */
export function boardOrder<L extends Pick<BoardLesion, "id" | "createdAt">>(
  lesions: readonly L[],
): L[] {
  return [...lesions].sort(
    (a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || a.id.localeCompare(b.id),
  );
}
