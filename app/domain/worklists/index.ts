// Worklist rules (issue 12 §4): the home list per user, the oncologist's due dates and order.
export * from "./home";
export * from "./oncologist";
