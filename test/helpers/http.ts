// HTTP as a browser does it: cookies, same-origin POSTs, no automatic redirects.
export const DEMO = {
  admin: { email: "admin@osteoboard.local", password: "admin-demo-2026" },
  coordinator: { email: "coordination@osteoboard.local", password: "coord-demo-2026" },
  physician: { email: "h.bernard@osteoboard.local", password: "medecin-demo-2026" },
  observer: { email: "observateur@osteoboard.local", password: "observ-demo-2026" },
} as const;

export function postForm(
  base: string,
  path: string,
  fields: Record<string, string>,
  opts: { cookie?: string; origin?: string | null } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (opts.origin !== null) headers.Origin = opts.origin ?? base;
  if (opts.cookie) headers.Cookie = opts.cookie;
  return fetch(base + path, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers,
    redirect: "manual",
  });
}

export function get(base: string, path: string, cookie?: string): Promise<Response> {
  return fetch(base + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}

/** Signs in and returns the Cookie header value carrying the session. */
export async function signIn(
  base: string,
  who: { email: string; password: string },
): Promise<string> {
  const res = await postForm(base, "/login", { email: who.email, password: who.password });
  if (res.status !== 302) throw new Error(`sign-in failed for ${who.email}: ${res.status}`);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const match = setCookie.match(/ob_session=[^;]+/);
  if (!match) throw new Error("no session cookie");
  return match[0];
}

/** Remix answers a route's loader/action data as JSON when asked with ?_data=<route id>. */
export const dataPath = (path: string, routeId: string) =>
  `${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`;
