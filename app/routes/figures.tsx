// The centre's own figures (issue 12 §6, decision 109): read-only, for every signed-in role, over
// the RCPs the user may see. Filter by period and primary cancer (query string, zod-parsed: a bad
// field is a 400 naming it); the same figures as CSV at /figures.csv.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser, visibleRcps } from "../auth.server";
import { Field } from "../components/Field";
import { RatesChart, SharesChart } from "../components/FiguresCharts";
import { useDates } from "../components/useDates";
import { useI18n } from "../components/useI18n";
import { displayValue, type Figure } from "../domain/analytics";
import { CANCER_TYPES } from "../domain/records/cancer";
import type { FieldError } from "../domain/records/fields";
import { filterValues, parseFiguresFilter } from "../figures.server";
import { asLocale } from "../i18n/dates";
import { numberFormat } from "../i18n/numbers";
import { readCentreFigures } from "../usecases.server";

export const meta: MetaFunction = () => [{ title: "OsteoBoard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const values = filterValues(url);
  const parsed = parseFiguresFilter(url);
  if (!parsed.ok)
    return json(
      { values, errors: parsed.errors, today: null, figures: [] as Figure[] },
      { status: 400 },
    );
  const { today, figures } = readCentreFigures(context, visibleRcps(user), parsed.filter);
  return json({ values, errors: [] as FieldError[], today, figures });
}

/**
 * One row of the table. The translator and the three number formats come from the page, made once
 * a render: `useTranslation` and `toLocaleString` in each of the 20 rows were most of the table's
 * cost (profile of /figures, docs/performance.md).
 */
function FigureRow({ f, t, n }: { f: Figure; t: TFunction; n: NumberFormats }) {
  const value = displayValue(f);
  return (
    <tr data-figure={f.id}>
      <th scope="row">{t(`figures.items.${f.id}.label`)}</th>
      <td className="num">
        {f.numerator === null ? t("figures.noValue") : n.integer(f.numerator)}
      </td>
      <td className="num">
        {n.twoDecimals(f.denominator)}{" "}
        <span className="muted">{t(`figures.items.${f.id}.denominator`)}</span>
      </td>
      <td className="num">
        <strong>{value === null ? t("figures.noValue") : n.oneDecimal(value)}</strong>
      </td>
      <td>{t(`figures.units.${f.unit}`)}</td>
    </tr>
  );
}

type TFunction = ReturnType<typeof useI18n>["t"];
interface NumberFormats {
  integer: (v: number) => string;
  oneDecimal: (v: number) => string;
  twoDecimals: (v: number) => string;
}

export default function Figures() {
  const data = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const locale = asLocale(i18n.language);
  const n: NumberFormats = {
    integer: numberFormat(locale, 0),
    oneDecimal: numberFormat(locale, 1),
    twoDecimals: numberFormat(locale, 2),
  };
  const { date } = useDates();
  const query = new URLSearchParams(
    Object.entries(data.values).filter(([, v]) => v !== ""),
  ).toString();
  return (
    <>
      <h1>{t("figures.title")}</h1>
      <p className="muted">{t("figures.intro")}</p>
      <Form method="get" className="toolbar figures-filter" aria-label={t("figures.filter")}>
        <Field name="from" label={t("figures.from")} errors={data.errors}>
          {(p) => <input {...p} type="date" defaultValue={data.values.from} />}
        </Field>
        <Field name="to" label={t("figures.to")} errors={data.errors}>
          {(p) => <input {...p} type="date" defaultValue={data.values.to} />}
        </Field>
        <Field name="cancer" label={t("figures.cancer")} errors={data.errors}>
          {(p) => (
            <select {...p} defaultValue={data.values.cancer}>
              <option value="">{t("figures.allCancers")}</option>
              {CANCER_TYPES.map((c) => (
                <option key={c} value={c}>
                  {t(`cancer.types.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="secondary">
          {t("figures.apply")}
        </button>
        <span className="spacer" />
        {data.today !== null ? (
          <Link className="button" to={`/figures.csv${query ? `?${query}` : ""}`} reloadDocument>
            {t("figures.csv")}
          </Link>
        ) : null}
      </Form>
      {data.today !== null ? (
        <>
          <p className="muted">{t("figures.today", { date: date(data.today) })}</p>
          <div className="figures-charts">
            <SharesChart figures={data.figures} />
            <RatesChart figures={data.figures} />
          </div>
          <h2>{t("figures.table")}</h2>
          <table className="figures">
            <thead>
              <tr>
                <th scope="col">{t("figures.figure")}</th>
                <th scope="col">{t("figures.numerator")}</th>
                <th scope="col">{t("figures.denominator")}</th>
                <th scope="col">{t("figures.value")}</th>
                <th scope="col">{t("figures.unit")}</th>
              </tr>
            </thead>
            <tbody>
              {data.figures.map((f) => (
                <FigureRow key={f.id} f={f} t={t} n={n} />
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}
