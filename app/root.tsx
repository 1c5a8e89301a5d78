import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { getCurrentUser } from "./auth.server";
import { FlashStatus } from "./components/FlashStatus";
import { can } from "./domain/records/permissions";
import { takeFlash } from "./flash.server";
import { i18nFor, type Locale, localeFromCookieHeader } from "./i18n/core";
import { useNonce } from "./nonce";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [{ title: "OsteoBoard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request, context);
  const locale = localeFromCookieHeader(request.headers.get("Cookie"));
  // A create's confirmation, read once and cleared (app/flash.server.ts).
  const { flash, headers } = await takeFlash(request);
  return json(
    {
      locale,
      flash,
      // "Today" in the browser is the clinic's day too (app/domain/dates.ts todayIn).
      timeZone: context.timeZone,
      user: user && {
        id: user.id,
        displayName: user.displayName,
        role: user.role,
        active: user.active,
        rcpIds: user.rcpIds,
      },
    },
    { headers },
  );
}

export type RootData = Awaited<ReturnType<Awaited<ReturnType<typeof loader>>["json"]>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

function Header() {
  const data = useRootData();
  const { t } = useTranslation();
  const location = useLocation();
  const user = data?.user;
  const other: Locale = data?.locale === "en" ? "fr" : "en";
  return (
    <header className="topbar">
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <Link to="/" className="brand">
        <span className="brand-name">{t("app.name")}</span>
        <span className="brand-tagline">{t("app.tagline")}</span>
      </Link>
      {user ? (
        <nav aria-label="principal">
          <NavLink to="/patients">{t("nav.patients")}</NavLink>
          <NavLink to="/cases">{t("nav.cases")}</NavLink>
          <NavLink to="/meetings">{t("nav.meetings")}</NavLink>
          <NavLink to="/worklists/surgeon">{t("nav.worklists")}</NavLink>
          <NavLink to="/figures">{t("nav.figures")}</NavLink>
          {can(user, "users:manage") ? <NavLink to="/admin/users">{t("nav.users")}</NavLink> : null}
          {can(user, "users:manage") ? <NavLink to="/admin/rcps">{t("nav.rcps")}</NavLink> : null}
          {can(user, "audit:read") ? <NavLink to="/admin/audit">{t("nav.audit")}</NavLink> : null}
        </nav>
      ) : null}
      <div className="topbar-end">
        <Form method="post" action="/language" reloadDocument>
          <input type="hidden" name="locale" value={other} />
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button type="submit" className="link-button" title={t("nav.languageLabel")} lang={other}>
            {t("nav.language")}
          </button>
        </Form>
        {user ? (
          <>
            <span className="muted">{t("nav.signedInAs", { name: user.displayName })}</span>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.signOut")}
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const locale: Locale = data?.locale ?? "fr";
  const i18n = useMemo(() => i18nFor(locale), [locale]);
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <Header />
          <main id="main">
            <FlashStatus flash={data?.flash} data={data} />
            {children}
          </main>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 403
      ? t("errors.forbidden")
      : status === 404
        ? t("errors.notFound")
        : t("errors.unexpected");
  return (
    <section className="panel">
      <h1>{status}</h1>
      <p role="alert">{message}</p>
      <Link to="/">{t("common.back")}</Link>
    </section>
  );
}
