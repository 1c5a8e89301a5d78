import { useTranslation } from "react-i18next";

/** A case's urgency, as a labelled badge (colour is never the only cue: the word is there). */
export function UrgencyBadge({ urgency }: { urgency: string }) {
  const { t } = useTranslation();
  return <span className={`badge ${urgency}`}>{t(`case.urgencies.${urgency}`)}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge ${status}`}>{t(`case.statuses.${status}`)}</span>;
}
