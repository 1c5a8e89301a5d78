// The board's decision on a case (issue 11 §6–8): every signed version (a correction is a new
// version, the old one stays, with what changed), the printable fiche RCP of the chosen version
// (the same content as the PDF), the PDF and FHIR downloads, and — for the chair of an open meeting
// with this case on its agenda — the signature of the draft the meeting edited on the board.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
  type SerializeFrom,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission, requireRcp, requireUser } from "../auth.server";
import { FicheView } from "../components/FicheView";
import { useDates } from "../components/useDates";
import { patientDisplayName } from "../domain/records/patient";
import { can } from "../domain/records/permissions";
import { attempt, badRequest, formObject, parseOr400 } from "../forms.server";
import { localeFromCookieHeader } from "../i18n/core";
import { ficheText } from "../i18n/fiche";
import { loadCase } from "../records.server";
import {
  caseDecisionHistory,
  ficheContent,
  ficheDispatchesOf,
  recordFicheSent,
  signCaseDecision,
  signingContextFor,
} from "../usecases.server";

export const meta: MetaFunction = () => [{ title: "Décision de la RCP — OsteoBoard" }];

const Id = z.coerce.number().int().positive();

const SignFormSchema = z.object({
  intent: z.literal("sign"),
  meetingId: Id,
  expectedVersion: z.coerce.number().int().min(0),
  correctionReason: z.string().trim().max(2000).optional(),
  // Signing cannot be undone: the chair ticks that they have read what they sign.
  confirm: z.literal("on", { error: "errors.required" }),
});

const SentFormSchema = z.object({ intent: z.literal("sent"), version: Id });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { case: c, patient: p } = loadCase(context, params.caseId);
  requireRcp(user, p.rcpId);
  const history = caseDecisionHistory(context, c.id);
  const latest = history.versions.at(-1)?.version.version ?? 0;
  const asked = Number(new URL(request.url).searchParams.get("v"));
  const shown = Number.isInteger(asked) && asked >= 1 && asked <= latest ? asked : latest;
  const locale = localeFromCookieHeader(request.headers.get("Cookie"));
  const dispatches = shown > 0 ? ficheDispatchesOf(context, c.id, shown) : [];
  return json({
    case: { id: c.id, question: c.question, status: c.status },
    patient: { id: p.id, name: patientDisplayName(p), hospitalId: p.hospitalId },
    versions: history.versions.map(({ version }) => ({
      version: version.version,
      signedAt: version.signedAt,
      signer: version.signer.name,
      quorumMet: version.quorum.met,
      correctionReason: version.correctionReason,
    })),
    diffs: history.diffs,
    toBePresentedAgain: history.toBePresentedAgain,
    shown,
    fiche: shown > 0 ? ficheContent(context, c.id, shown, ficheText(locale)) : null,
    dispatches: dispatches.map((d) => ({ at: d.sentAt, by: d.name })),
    signing: can(user, "decision:sign") ? signingContextFor(context, user.id, c.id) : null,
    canRecordSent: can(user, "meeting:manage"),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const values = await formObject(request);
  // The role first (403), then the record (404 outside the user's RCPs), as every route does.
  if (values.intent === "sent") await requirePermission(request, context, "meeting:manage");
  else if (values.intent === "sign") await requirePermission(request, context, "decision:sign");
  const { case: c, patient: p } = loadCase(context, params.caseId);
  requireRcp(user, p.rcpId);
  if (values.intent === "sent") {
    const parsed = parseOr400(request, SentFormSchema, values, values);
    if (!parsed.ok) return parsed.response;
    const result = await attempt(request, values, () =>
      recordFicheSent(context, user.id, c.id, parsed.data.version),
    );
    if (!result.ok) return result.response;
    return redirect(`/cases/${c.id}/decision?v=${parsed.data.version}`);
  }
  if (values.intent !== "sign")
    return badRequest(request, [{ field: "intent", code: "errors.choice" }], values);
  const parsed = parseOr400(request, SignFormSchema, values, values);
  if (!parsed.ok) return parsed.response;
  const result = await attempt(request, values, () =>
    signCaseDecision(context, user.id, {
      meetingId: parsed.data.meetingId,
      caseId: c.id,
      expectedVersion: parsed.data.expectedVersion,
      correctionReason: parsed.data.correctionReason,
    }),
  );
  if (!result.ok) return result.response;
  return redirect(`/cases/${c.id}/decision?v=${result.value.version.version}`);
}

export default function DecisionPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const { dateTime } = useDates();
  const { case: c, patient, versions, shown, signing } = data;
  const errors = result && "errors" in result ? result.errors : [];
  const current = versions.find((v) => v.version === shown);
  const diff = shown > 1 ? data.diffs[shown - 2] : undefined;
  return (
    <>
      <p className="no-print">
        <Link to={`/cases/${c.id}`}>← {t("case.title", { id: c.id })}</Link>
      </p>
      <div className="toolbar">
        <h1>
          {t("decision.title")} — <Link to={`/patients/${patient.id}`}>{patient.name}</Link>{" "}
          <span className="muted">({patient.hospitalId})</span>
        </h1>
        <span className="spacer" />
        <Link className="button secondary no-print" to={`/cases/${c.id}/board`}>
          {t("board.openBoard")}
        </Link>
      </div>
      <p className="muted">
        {t("case.question")} : {c.question}
      </p>

      {data.toBePresentedAgain ? (
        <div className="alert error" role="status">
          {t("decision.toBePresentedAgain")}
        </div>
      ) : null}

      {signing ? (
        // Keyed by the version it would create: after signing, the correction form is a new form,
        // its confirmation unticked (the ticked box of the signature stayed ticked before).
        <section
          key={signing.expectedVersion}
          className="panel no-print"
          aria-labelledby="sign-title"
        >
          {signing.expectedVersion === 0 ? (
            <>
              <h2 id="sign-title">{t("decision.signTitle")}</h2>
              <SignForm signing={signing} errors={errors} />
            </>
          ) : (
            // A signed version exists: correcting it is the exception, folded away so the chair
            // who has just signed reads the signed version first, not an empty correction form.
            <details open={errors.length > 0}>
              <summary>
                <h2 id="sign-title" className="inline-heading">
                  {t("decision.correctTitle", { n: signing.expectedVersion + 1 })}
                </h2>
              </summary>
              <SignForm signing={signing} errors={errors} />
            </details>
          )}
        </section>
      ) : null}

      {versions.length === 0 ? (
        <section className="panel">
          <p>{t("decision.none")}</p>
          <p className="muted">{t("decision.noneHelp")}</p>
        </section>
      ) : (
        <>
          <nav className="toolbar no-print" aria-label={t("decision.versions")}>
            {versions.map((v) => (
              <Link
                key={v.version}
                className={`button ${v.version === shown ? "" : "secondary"}`}
                aria-current={v.version === shown ? "page" : undefined}
                to={`?v=${v.version}`}
              >
                {t("decision.versionLink", { n: v.version, date: dateTime(v.signedAt) })}
                {v.quorumMet ? "" : ` — ${t("decision.noQuorum")}`}
              </Link>
            ))}
          </nav>
          {current ? (
            <div className="toolbar no-print">
              <a className="button" href={`/cases/${c.id}/decision/${shown}/fiche.pdf?lang=fr`}>
                {t("decision.pdfFr")}
              </a>
              <a
                className="button secondary"
                href={`/cases/${c.id}/decision/${shown}/fiche.pdf?lang=en`}
              >
                {t("decision.pdfEn")}
              </a>
              <a
                className="button secondary"
                href={`/cases/${c.id}/decision/${shown}/fhir.json?download=1`}
              >
                {t("decision.fhir")}
              </a>
              <button type="button" className="secondary" onClick={() => window.print()}>
                {t("decision.print")}
              </button>
            </div>
          ) : null}
          {diff && diff.length > 0 ? (
            <section className="panel no-print">
              <h2>{t("decision.changesTitle", { from: shown - 1, to: shown })}</h2>
              <ul>
                {diff.map((d) => (
                  <li key={d.path}>
                    <code>{d.path}</code> : {JSON.stringify(d.before) ?? "—"} →{" "}
                    {JSON.stringify(d.after) ?? "—"}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="panel">
            <FicheView content={data.fiche} />
          </section>
          <section className="panel no-print">
            <h2>{t("decision.sentTitle")}</h2>
            {data.dispatches.length === 0 ? (
              <p>{t("decision.notSent")}</p>
            ) : (
              <ul>
                {data.dispatches.map((d) => (
                  <li key={d.at}>{t("decision.sentLine", { date: dateTime(d.at), name: d.by })}</li>
                ))}
              </ul>
            )}
            {data.canRecordSent ? (
              <Form method="post">
                <input type="hidden" name="intent" value="sent" />
                <input type="hidden" name="version" value={shown} />
                <button type="submit" className="secondary">
                  {t("decision.markSent")}
                </button>
              </Form>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}

type Signing = NonNullable<SerializeFrom<typeof loader>["signing"]>;

function SignForm({
  signing,
  errors,
}: {
  signing: Signing;
  errors: { field: string; code: string; message: string }[];
}) {
  const navigation = useNavigation();
  const { t } = useTranslation();
  const { date } = useDates();
  return (
    <>
      <p>{t("decision.signHelp", { date: date(signing.meetingDate) })}</p>
      {errors.length > 0 ? (
        <div className="alert error" role="alert">
          <p>{t("decision.signRefused")}</p>
          <ul>
            {errors.map((e) => (
              <li key={`${e.field}-${e.code}`}>{e.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="sign" />
        <input type="hidden" name="meetingId" value={signing.meetingId} />
        <input type="hidden" name="expectedVersion" value={signing.expectedVersion} />
        {signing.expectedVersion > 0 ? (
          <div className="field">
            <label htmlFor="correctionReason">{t("decision.correctionReason")}</label>
            <textarea id="correctionReason" name="correctionReason" rows={3} required />
          </div>
        ) : null}
        <div className="field">
          <label className="confirm">
            <input type="checkbox" name="confirm" required /> {t("decision.confirm")}
          </label>
        </div>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {signing.expectedVersion === 0
            ? t("decision.sign")
            : t("decision.signCorrection", { n: signing.expectedVersion + 1 })}
        </button>
      </Form>
    </>
  );
}
