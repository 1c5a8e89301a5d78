import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission } from "../auth.server";
import { Field, FormErrorSummary } from "../components/Field";
import { FlashStatus } from "../components/FlashStatus";
import { ROLES, SPECIALTIES } from "../domain/records/permissions";
import { NewUserInputSchema, UserRoleInputSchema } from "../domain/records/user";
import { attempt, badRequest, formObject, parseOr400 } from "../forms.server";
import {
  changeUserRole,
  createUser,
  listUsers,
  listVisibleRcps,
  setUserActive,
} from "../usecases.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await requirePermission(request, context, "users:manage");
  return json({
    me: me.id,
    users: listUsers(context),
    rcps: listVisibleRcps(context, null).map((b) => ({ id: b.id, name: b.name })),
  });
}

const IntentSchema = z.object({ intent: z.enum(["create", "role", "deactivate", "reactivate"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requirePermission(request, context, "users:manage");
  const values = await formObject(request);
  const intent = IntentSchema.safeParse(values);
  if (!intent.success)
    return badRequest(request, [{ field: "intent", code: "errors.choice" }], values);

  if (intent.data.intent === "create") {
    const parsed = parseOr400(request, NewUserInputSchema, values, values);
    if (!parsed.ok) return parsed.response;
    const done = await attempt(request, values, () => createUser(context, me.id, parsed.data));
    // The page stays where it is (no redirect), so the confirmation travels in the action data.
    return done.ok ? json({ ok: true as const, flash: "userCreated" as const }) : done.response;
  }
  if (intent.data.intent === "role") {
    const parsed = parseOr400(request, UserRoleInputSchema, values, values);
    if (!parsed.ok) return parsed.response;
    const done = await attempt(request, values, () => changeUserRole(context, me.id, parsed.data));
    return done.ok ? json({ ok: true as const }) : done.response;
  }
  const active = intent.data.intent === "reactivate";
  const userId = Number(values.userId);
  const done = await attempt(request, values, () => setUserActive(context, me.id, userId, active));
  return done.ok ? json({ ok: true as const }) : done.response;
}

export default function AdminUsers() {
  const { me, users, rcps } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = result && "errors" in result ? result.errors : undefined;
  const values = result && "values" in result ? result.values : {};
  return (
    <>
      <h1>{t("admin.usersTitle")}</h1>
      <FlashStatus flash={result && "flash" in result ? result.flash : null} data={result} />
      {errors?.some((e) => e.field === "userId") ? (
        <div className="alert error" role="alert">
          {errors.map((e) => e.message).join(" ")}
        </div>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("admin.displayName")}</th>
              <th>{t("admin.email")}</th>
              <th>
                {t("admin.role")} / {t("admin.specialty")}
              </th>
              <th>{t("admin.active")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.displayName}</td>
                <td>{u.email}</td>
                <td>
                  <Form method="post" className="toolbar">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={u.id} />
                    <select name="role" defaultValue={u.role} aria-label={t("admin.role")}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`admin.roles.${r}`)}
                        </option>
                      ))}
                    </select>
                    <select
                      name="specialty"
                      defaultValue={u.specialty ?? ""}
                      aria-label={t("admin.specialty")}
                    >
                      <option value="">{t("common.none")}</option>
                      {SPECIALTIES.map((s) => (
                        <option key={s} value={s}>
                          {t(`admin.specialties.${s}`)}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="secondary">
                      {t("admin.saveRole")}
                    </button>
                  </Form>
                </td>
                <td>
                  {u.active ? (
                    t("admin.active")
                  ) : (
                    <span className="badge inactive">{t("admin.inactive")}</span>
                  )}
                  {u.id !== me ? (
                    <Form method="post">
                      <input type="hidden" name="userId" value={u.id} />
                      <button
                        type="submit"
                        name="intent"
                        value={u.active ? "deactivate" : "reactivate"}
                        className={u.active ? "danger" : "secondary"}
                      >
                        {u.active ? t("admin.deactivate") : t("admin.reactivate")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("admin.newUser")}</h2>
      <Form method="post" className="panel" noValidate>
        <FormErrorSummary errors={errors} />
        <input type="hidden" name="intent" value="create" />
        <div className="form-grid">
          <Field name="displayName" label={t("admin.displayName")} errors={errors}>
            {(p) => <input {...p} defaultValue={values.displayName ?? ""} />}
          </Field>
          <Field name="email" label={t("admin.email")} errors={errors}>
            {(p) => <input {...p} type="email" defaultValue={values.email ?? ""} />}
          </Field>
          <Field name="password" label={t("admin.password")} errors={errors}>
            {(p) => <input {...p} type="password" autoComplete="new-password" />}
          </Field>
          <Field name="role" label={t("admin.role")} errors={errors}>
            {(p) => (
              <select {...p} defaultValue={values.role ?? "physician"}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`admin.roles.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="specialty" label={t("admin.specialty")} errors={errors}>
            {(p) => (
              <select {...p} defaultValue={values.specialty ?? ""}>
                <option value="">{t("common.none")}</option>
                {SPECIALTIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`admin.specialties.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="rcpId" label={t("patient.rcp")} errors={errors}>
            {(p) => (
              <select {...p} defaultValue={values.rcpId ?? String(rcps[0]?.id ?? "")}>
                {rcps.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <button type="submit">{t("common.create")}</button>
      </Form>
    </>
  );
}
