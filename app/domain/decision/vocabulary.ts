// The decision's plain lists, in a module of their own with no schema: the board page reads the
// draft (draft.ts, through ydoc.ts) in its static bundle, which must not carry the whole decision
// schema (decision 113: page weight). schema.ts re-exports them: it stays the decision's owner.

export const TEXT_MAX_CHARS = 4_000;

export const SYSTEMIC_ACTIONS = [
  "noBta",
  "initiate",
  "continue",
  "pause",
  "resume",
  "switch",
  "stop",
] as const;
export type SystemicAction = (typeof SYSTEMIC_ACTIONS)[number];

/** Patient informed / not objecting while a draft: unanswered until someone clicks (decision 113). */
export const YES_NO = ["yes", "no"] as const;
export type YesNo = (typeof YES_NO)[number];
