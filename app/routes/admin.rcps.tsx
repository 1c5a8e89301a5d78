import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission } from "../auth.server";
import { Field, FormErrorSummary } from "../components/Field";
import { FlashStatus } from "../components/FlashStatus";
import { RcpMeetingSettingsForm } from "../components/RcpMeetingSettingsForm";
import { parseMeetingSettingsForm } from "../domain/meeting/settings";
import { RcpInputSchema } from "../domain/records/rcp";
import { attempt, badRequest, formObject, parseOr400 } from "../forms.server";
import {
  createRcp,
  listUsers,
  listVisibleRcps,
  membersOf,
  rcpMeetingSettings,
  setRcpMeetingSettings,
  setRcpMember,
  updateRcp,
} from "../usecases.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "users:manage");
  const users = listUsers(context).map((u) => ({
    id: u.id,
    displayName: u.displayName,
    active: u.active,
  }));
  const rcps = listVisibleRcps(context, null).map((b) => ({
    ...b,
    members: membersOf(context, b.id),
    meeting: rcpMeetingSettings(context, b.id),
  }));
  return json({ rcps, users });
}

const IntentSchema = z.object({
  intent: z.enum(["create", "update", "add-member", "remove-member", "meeting-settings"]),
});
const MemberSchema = z.object({
  rcpId: z.coerce.number().int().positive({ error: "errors.choice" }),
  userId: z.coerce.number().int().positive({ error: "errors.choice" }),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requirePermission(request, context, "users:manage");
  const values = await formObject(request);
  const intent = IntentSchema.safeParse(values);
  if (!intent.success)
    return badRequest(request, [{ field: "intent", code: "errors.choice" }], values);

  if (intent.data.intent === "create" || intent.data.intent === "update") {
    const parsed = parseOr400(request, RcpInputSchema, values, values);
    if (!parsed.ok) return parsed.response;
    const input = parsed.data;
    const done = await attempt(request, values, () =>
      intent.data.intent === "create"
        ? createRcp(context, me.id, input)
        : updateRcp(context, me.id, Number(values.rcpId), input),
    );
    if (!done.ok) return done.response;
    // The page stays where it is (no redirect), so the confirmation travels in the action data.
    return intent.data.intent === "create"
      ? json({ ok: true as const, flash: "rcpCreated" as const })
      : json({ ok: true as const, flash: null });
  }

  if (intent.data.intent === "meeting-settings") {
    const rcpId = MemberSchema.shape.rcpId.safeParse(values.rcpId);
    if (!rcpId.success)
      return badRequest(request, [{ field: "rcpId", code: "errors.choice" }], values);
    const parsed = parseMeetingSettingsForm(values);
    if (!parsed.ok) return badRequest(request, parsed.errors, values);
    const done = await attempt(request, values, () =>
      setRcpMeetingSettings(context, me.id, rcpId.data, parsed.data),
    );
    return done.ok ? json({ ok: true as const, flash: null }) : done.response;
  }

  const member = parseOr400(request, MemberSchema, values, values);
  if (!member.ok) return member.response;
  const { rcpId, userId } = member.data;
  const add = intent.data.intent === "add-member";
  const done = await attempt(request, values, () =>
    setRcpMember(context, me.id, rcpId, userId, add),
  );
  return done.ok ? json({ ok: true as const }) : done.response;
}

export default function AdminRcps() {
  const { rcps, users } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = result && "errors" in result ? result.errors : undefined;
  const values = result && "values" in result ? result.values : {};
  const createErrors = values.intent === "create" ? errors : undefined;
  return (
    <>
      <h1>{t("admin.rcpsTitle")}</h1>
      <FlashStatus flash={result && "flash" in result ? result.flash : null} data={result} />
      {errors && values.intent !== "create" && values.intent !== "meeting-settings" ? (
        <div className="alert error" role="alert">
          {errors.map((e) => e.message).join(" ")}
        </div>
      ) : null}
      {rcps.map((b) => {
        const memberIds = new Set(b.members.map((m) => m.id));
        const others = users.filter((u) => !memberIds.has(u.id) && u.active);
        return (
          <section key={b.id} className="panel" data-board={b.id}>
            <Form method="post" className="toolbar">
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="rcpId" value={b.id} />
              <div>
                <label htmlFor={`name-${b.id}`}>{t("admin.rcpName")}</label>
                <input id={`name-${b.id}`} name="name" defaultValue={b.name} />
              </div>
              <div>
                <label htmlFor={`inst-${b.id}`}>{t("admin.institution")}</label>
                <input id={`inst-${b.id}`} name="institution" defaultValue={b.institution} />
              </div>
              <div>
                <label htmlFor={`fe-${b.id}`}>{t("admin.feThreshold")}</label>
                <input
                  id={`fe-${b.id}`}
                  name="feFailureLoadBodyWeights"
                  type="number"
                  step="0.1"
                  min="0.5"
                  max="20"
                  defaultValue={b.feFailureLoadBodyWeights}
                />
              </div>
              <button type="submit" className="secondary">
                {t("common.save")}
              </button>
            </Form>
            <RcpMeetingSettingsForm
              rcpId={b.id}
              settings={b.meeting}
              values={
                values.intent === "meeting-settings" && values.rcpId === String(b.id)
                  ? values
                  : null
              }
              errors={
                values.intent === "meeting-settings" && values.rcpId === String(b.id)
                  ? errors
                  : undefined
              }
            />
            <h2>{t("admin.members", { count: b.members.length })}</h2>
            <ul className="member-list">
              {b.members.map((m) => (
                <li key={m.id}>
                  <Form method="post" className="toolbar">
                    <input type="hidden" name="intent" value="remove-member" />
                    <input type="hidden" name="rcpId" value={b.id} />
                    <input type="hidden" name="userId" value={m.id} />
                    <span>
                      {m.displayName} — {t(`admin.roles.${m.role}`)}
                      {m.specialty ? ` (${t(`admin.specialties.${m.specialty}`)})` : ""}
                    </span>
                    <button type="submit" className="danger">
                      {t("admin.removeMember")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            {others.length > 0 ? (
              <Form method="post" className="toolbar">
                <input type="hidden" name="intent" value="add-member" />
                <input type="hidden" name="rcpId" value={b.id} />
                <div>
                  <label htmlFor={`add-${b.id}`}>{t("admin.addMember")}</label>
                  <select id={`add-${b.id}`} name="userId">
                    {others.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.displayName}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit">{t("admin.addMember")}</button>
              </Form>
            ) : null}
          </section>
        );
      })}
      <h2>{t("admin.newRcp")}</h2>
      <Form method="post" className="panel" noValidate>
        <FormErrorSummary errors={createErrors} />
        <input type="hidden" name="intent" value="create" />
        <div className="form-grid">
          <Field name="name" label={t("admin.rcpName")} errors={createErrors}>
            {(p) => <input {...p} defaultValue={values.name ?? ""} />}
          </Field>
          <Field name="institution" label={t("admin.institution")} errors={createErrors}>
            {(p) => <input {...p} defaultValue={values.institution ?? ""} />}
          </Field>
          <Field
            name="feFailureLoadBodyWeights"
            label={t("admin.feThreshold")}
            errors={createErrors}
          >
            {(p) => (
              <input
                {...p}
                type="number"
                step="0.1"
                defaultValue={values.feFailureLoadBodyWeights ?? "3"}
              />
            )}
          </Field>
        </div>
        <button type="submit">{t("common.create")}</button>
      </Form>
    </>
  );
}
