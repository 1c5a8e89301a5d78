import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import * as z from "zod";
import { LOCALE_COOKIE, LOCALES } from "../i18n/core";
import { sameOriginPath } from "../redirect.server";

const Schema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().default("/") });

export async function loader() {
  return redirect("/");
}

/** The language switch: a cookie, so the server renders the chosen language from the first byte. */
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = Schema.safeParse(form);
  const locale = parsed.success ? parsed.data.locale : "fr";
  const to = sameOriginPath(request, parsed.success ? parsed.data.redirectTo : "/");
  return redirect(to, {
    headers: {
      "Set-Cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`,
    },
  });
}
