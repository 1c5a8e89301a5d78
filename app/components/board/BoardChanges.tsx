// What one stored change of a patient's lesion map did, lesion by lesion: the history page and the
// admin audit page list board edits the same way (one owner for the wording).
import { useTranslation } from "react-i18next";
import { findSite, SideSchema, siteLabel } from "../../domain/skeleton";
import { useLabel } from "./useLabel";

export interface BoardChangeItem {
  lesionId: string;
  kind: "added" | "removed" | "changed";
  fields: string[];
  siteId: string | null;
  side: string | null;
}

/** A lesion's site as people say it ("Fémur – col fémoral, côté droit"), or its raw id. */
export function useSiteName(): (siteId: string | null, side: string | null) => string {
  const { t } = useTranslation();
  const label = useLabel();
  return (siteId, side) => {
    const site = siteId ? findSite(siteId) : undefined;
    const s = SideSchema.safeParse(side);
    if (!site || !s.success) return siteId ?? t("history.unknownSite");
    return label(siteLabel(site, s.data));
  };
}

export function BoardChanges({
  changes,
  caseDiscussionChanged,
}: {
  changes: readonly BoardChangeItem[];
  caseDiscussionChanged: boolean;
}) {
  const { t } = useTranslation();
  const siteName = useSiteName();
  return (
    <ul className="changes">
      {changes.map((c) => (
        <li key={`${c.kind}-${c.lesionId}`} className={`change ${c.kind}`}>
          {c.kind === "changed"
            ? t("history.changed", {
                site: siteName(c.siteId, c.side),
                fields: c.fields
                  .map((f) => t(`history.fields.${f}`, { defaultValue: f }))
                  .join(", "),
              })
            : t(`history.${c.kind}`, { site: siteName(c.siteId, c.side) })}
        </li>
      ))}
      {caseDiscussionChanged ? (
        <li className="change changed">{t("history.caseDiscussionChanged")}</li>
      ) : null}
      {changes.length === 0 && !caseDiscussionChanged ? (
        <li className="muted">{t("history.noChange")}</li>
      ) : null}
    </ul>
  );
}
