import { useLocation } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { FLASH_KEYS } from "../flash";

/**
 * The polite live region (role="status", WAI-ARIA 1.2) where a create's confirmation appears.
 * It stays on the page, empty, so that assistive technology announces the text when it is added
 * (ARIA live regions must exist before their content changes). `flash` (a key of app/flash.ts) comes from `data`, the
 * loader or action data that carried it; it is shown on the navigation that brought that data,
 * not on later client-side navigations that reuse it (Remix keeps the root's data between them).
 */
export function FlashStatus({ flash, data }: { flash: unknown; data: unknown }) {
  const { t } = useTranslation();
  const { key } = useLocation();
  // The location at which this data arrived: recomputed when new data comes, not on navigation.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is read on purpose only then.
  const arrivedAt = useMemo(() => key, [data]);
  // Only a known key is ever shown, whatever the data says.
  const known = FLASH_KEYS.find((k) => k === flash);
  const visible = known && arrivedAt === key ? known : null;
  return (
    <div role="status" className={visible ? "alert ok" : undefined}>
      {visible ? t(`flash.${visible}`) : null}
    </div>
  );
}
