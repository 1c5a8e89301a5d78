// Domain labels ({ fr, en }) in the interface language.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { Label } from "../../domain/common";

export function useLabel(): (label: Label) => string {
  const { i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "fr";
  return useCallback((label: Label) => label[lang], [lang]);
}
