// The patient whose board is shown, for the links a board card makes to the patient's page (the FE
// result card links to its job, issue 13 §6). A React context rather than a prop threaded through
// BoardView, LesionPanel and ScoreInputs, which do not otherwise need the patient.
import { createContext, useContext } from "react";

export const BoardPatientContext = createContext<number | null>(null);

/** The board's patient id, or null outside a board page. */
export function useBoardPatientId(): number | null {
  return useContext(BoardPatientContext);
}
