// Patient informed / not objecting while a draft (issue 11 §5): unanswered until someone clicks
// (decision 113). A module with no schema, so that ydoc.ts can name the type without a cycle.
export const YES_NO = ["yes", "no"] as const;
export type YesNo = (typeof YES_NO)[number];
