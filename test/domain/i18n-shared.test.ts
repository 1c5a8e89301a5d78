// One i18next instance per language for the whole process (app/i18n/core.ts i18nFor, decision
// 134): made once, the right language, and made afresh when a catalogue is registered later.
import { describe, expect, it } from "vitest";
import { i18nFor, registerCatalogue } from "../../app/i18n/core";
import { en } from "../../app/i18n/en";
import { fr } from "../../app/i18n/fr";

describe("the shared translations", () => {
  it("give one instance per language, each speaking its own", () => {
    registerCatalogue("en", en);
    expect(i18nFor("fr")).toBe(i18nFor("fr"));
    expect(i18nFor("en")).not.toBe(i18nFor("fr"));
    expect(i18nFor("fr").t("nav.skip")).toBe(fr.nav.skip);
    expect(i18nFor("en").t("nav.skip")).toBe(en.nav.skip);
  });

  it("start afresh when a catalogue is registered after them", () => {
    const before = i18nFor("en");
    registerCatalogue("en", en);
    const after = i18nFor("en");
    expect(after).not.toBe(before);
    expect(after.t("nav.skip")).toBe(en.nav.skip);
  });
});
