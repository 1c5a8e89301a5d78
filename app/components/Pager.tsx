// Previous/next links and "rows 1 to 50 of 10,055" for a worklist paged on the server (decisions
// 118 and 120). The links keep the page's other query parameters (the oncologist's filters).
import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function Pager({
  page,
  pageSize,
  total,
  param = "page",
  section,
}: {
  page: number;
  pageSize: number;
  total: number;
  /** The query parameter holding this list's page: a page with two paged lists needs two. */
  param?: string;
  /** The id of the list's section, so a link lands on the list it pages, not the top. */
  section?: string;
}) {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  if (total === 0) return null;
  const to = (n: number) => {
    const params = new URLSearchParams(search);
    params.set(param, String(n));
    // Remix's own parameter for data requests, never part of a page's address.
    params.delete("_data");
    return `?${params.toString()}${section ? `#${section}` : ""}`;
  };
  const count = (n: number) => n.toLocaleString(i18n.language);
  return (
    <nav className="pager" aria-label={t("worklists.pager.pages")}>
      <span>
        {t("worklists.pager.range", {
          from: count(Math.min((page - 1) * pageSize + 1, total)),
          to: count(Math.min(page * pageSize, total)),
          total: count(total),
        })}
      </span>{" "}
      {page > 1 ? <Link to={to(page - 1)}>{t("worklists.pager.previous")}</Link> : null}{" "}
      {page * pageSize < total ? <Link to={to(page + 1)}>{t("worklists.pager.next")}</Link> : null}
    </nav>
  );
}
