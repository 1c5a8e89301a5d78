// Domain labels ({ fr, en }) in the interface language.
import { useCallback } from "react";
import type { Label } from "../../domain/common";
import { useLocale } from "../useI18n";

export function useLabel(): (label: Label) => string {
  const lang = useLocale();
  return useCallback((label: Label) => label[lang], [lang]);
}
