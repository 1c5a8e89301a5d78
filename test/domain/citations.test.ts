// Sources shown to clinicians are published citations (issue 10 §7): never a pointer to the
// project's own reference file, never empty unless the rule is flagged unverified.
import { describe, expect, it } from "vitest";
import { DENOSUMAB_SOURCE, ZOLEDRONIC_SOURCE } from "../../app/domain/bta/agents";
import { OPTIMOS_SOURCE } from "../../app/domain/bta/alerts";
import { GATE_SOURCES } from "../../app/domain/bta/gates";
import { ESMO_BTA_SOURCE } from "../../app/domain/bta/indication";
import { REBOUND_SOURCE } from "../../app/domain/bta/sequence";
import { dateInLabel } from "../../app/domain/dates";
import { READINESS_SOURCES } from "../../app/domain/meeting/readiness";
import { SCORE_APPLICABILITY, TREATMENT_APPLICABILITY } from "../../app/domain/risk/applicability";
import { ORDERED_SCALES } from "../../app/domain/scores/scales";
import { LOCAL_TREATMENTS } from "../../app/domain/treatments/catalogue";

const INTERNAL = /clinical\.md|fe\.md|§/;
// Prose is not a citation: explanations go in the code comment beside the rule.
const PROSE =
  /\b(the|and|with|before|after|each|delay|halved|early|median|guideline|unpublished|threshold|validity|local|rule|label|interval|dose|seed)\b/i;

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
  it.each(
    Object.entries({
      DENOSUMAB_SOURCE,
      ZOLEDRONIC_SOURCE,
      OPTIMOS_SOURCE,
      ESMO_BTA_SOURCE,
      REBOUND_SOURCE,
      ...GATE_SOURCES,
    }),
  )("bone-targeting agent source %s", (_, source) => {
    expect(source).not.toMatch(INTERNAL);
    expect(source).not.toMatch(PROSE);
  });
  it.each(Object.entries(READINESS_SOURCES))("readiness item %s", (_, source) => {
    expect(source).not.toMatch(INTERNAL);
    expect(source).not.toMatch(/issue \d/i);
    // Each names a published text with its year; a working rule of the board says so in French.
    expect(source).toMatch(/(19|20)\d\d|SmPC/);
    expect(source.replace("Règle de fonctionnement de la RCP", "")).not.toMatch(PROSE);
  });
});

describe("dates inside engine messages", () => {
  it("are written as each language writes dates, never ISO", () => {
    expect(dateInLabel("2026-12-31")).toEqual({ fr: "31/12/2026", en: "31 Dec 2026" });
    expect(dateInLabel("2026-02-03")).toEqual({ fr: "03/02/2026", en: "03 Feb 2026" });
  });
});
