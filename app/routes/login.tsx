import {
  type ActionFunctionArgs,
  type HeadersFunction,
  json,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { getCurrentUser } from "../auth.server";
import { clearOfflineBoards } from "../board/offline";
import { formObject } from "../forms.server";
import { sameOriginPath } from "../redirect.server";
import { signIn } from "../usecases.server";

const LoginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(200),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
});

/** A document answer carries the action's Retry-After (Remix sends action headers only so). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentUser(request, context)) return redirect("/");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const values = await formObject(request);
  const parsed = LoginSchema.safeParse(values);
  const result = parsed.success
    ? await signIn(context, parsed.data.email, parsed.data.password)
    : ({ ok: false, reason: "invalid" } as const);
  const email = values.email ?? "";
  if (!result.ok && result.reason === "throttled") {
    const headers = { "Retry-After": String(result.retryAfterSeconds) };
    return json({ error: "login.throttled", email }, { status: 429, headers });
  }
  if (!parsed.success || !result.ok) {
    return json({ error: "login.invalid", email }, { status: 401 });
  }
  // Only this origin: an open redirect after sign-in would be a phishing aid.
  const to = sameOriginPath(request, parsed.data.redirectTo);
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

export default function Login() {
  const { t } = useTranslation();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  // Signed out (or never signed in) on this browser: no offline board copy may remain.
  useEffect(() => {
    void clearOfflineBoards();
  }, []);
  return (
    <section className="panel login">
      <h1>{t("login.title")}</h1>
      {data?.error ? (
        <div className="alert error" role="alert">
          {t(data.error)}
        </div>
      ) : null}
      <Form method="post">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <div className="field">
          <label htmlFor="email">{t("login.email")}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={data?.email}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t("login.password")}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </div>
        <button type="submit" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p className="muted">{t("login.demo")}</p>
    </section>
  );
}
