// Sources shown to clinicians are published citations (issue 10 §7): never a pointer to the
// project's own reference file, never empty unless the rule is flagged unverified.
import { describe, expect, it } from "vitest";
import { SCORE_APPLICABILITY, TREATMENT_APPLICABILITY } from "../../app/domain/risk/applicability";
import { ORDERED_SCALES } from "../../app/domain/scores/scales";
import { LOCAL_TREATMENTS } from "../../app/domain/treatments/catalogue";

const INTERNAL = /clinical\.md|fe\.md|§/;

describe("sources shown on screen are published citations", () => {
  it.each(Object.entries(SCORE_APPLICABILITY))("score applicability %s", (_, row) => {
    expect(row.source).not.toMatch(INTERNAL);
    expect(row.source).toMatch(/[A-Z][a-z]+ (19|20)\d\d|ASIA|ESMO/);
  });
  it.each(Object.entries(TREATMENT_APPLICABILITY))("treatment applicability %s", (_, row) => {
    expect(row.source).not.toMatch(INTERNAL);
  });
  it.each(Object.entries(ORDERED_SCALES))("ordered scale %s", (_, scale) => {
    expect(scale.source).not.toMatch(INTERNAL);
  });
  it.each(Object.entries(LOCAL_TREATMENTS))("treatment %s", (_, treatment) => {
    expect(treatment.source).not.toMatch(INTERNAL);
    if (!treatment.unverified) expect(treatment.source).toMatch(/\w{3,}/);
  });
});
