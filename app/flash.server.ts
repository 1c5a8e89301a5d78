// A one-shot confirmation carried across a redirect (POST → 302 → GET) in a short-lived cookie,
// the flash-message pattern of Remix's session docs ("session.flash … unset after it's read"),
// reduced to one known key: the root loader reads it and clears it, so a reload shows nothing.
// Not signed: its value is parsed against FLASH_KEYS and anything else is dropped, so a forged
// cookie can at most show its own browser one of the four confirmations (decision 069).
import { createCookie } from "@remix-run/node";
import { type FlashKey, FlashKeySchema } from "./flash";

const flashCookie = createCookie("ob_flash", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  // Long enough for the redirect that follows, short enough not to surface days later.
  maxAge: 60,
});

/** Adds the confirmation `key` to a redirect; any other response (a 400 refusal) is unchanged. */
export async function withFlash<R extends Response>(response: R, key: FlashKey): Promise<R> {
  if (response.status >= 300 && response.status < 400) {
    response.headers.append("Set-Cookie", await flashCookie.serialize(key));
  }
  return response;
}

/**
 * The confirmation waiting for this request, if any, and the Set-Cookie header that clears it
 * (so it is shown once).
 */
export async function takeFlash(
  request: Request,
): Promise<{ flash: FlashKey | null; headers: Record<string, string> }> {
  const raw: unknown = await flashCookie.parse(request.headers.get("Cookie"));
  if (raw === null || raw === undefined) return { flash: null, headers: {} };
  const parsed = FlashKeySchema.safeParse(raw);
  const clear = await flashCookie.serialize("", { maxAge: 0 });
  return { flash: parsed.success ? parsed.data : null, headers: { "Set-Cookie": clear } };
}
