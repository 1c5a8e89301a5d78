// Debian's chromium driven by playwright-core (Playwright's own browser download does not work
// here). One browser context per simulated user (stack.md §3.15).
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-quic",
      "--disable-sync",
    ],
  });
}

/** Collects console errors and failed page loads so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

export async function signInPage(
  page: Page,
  base: string,
  who: { email: string; password: string },
) {
  await page.goto(`${base}/login`);
  await page.fill("#email", who.email);
  await page.fill("#password", who.password);
  await page.click("main button[type=submit]");
  // Remix navigates client-side: wait until the sign-in form has gone.
  await page.waitForSelector("#password", { state: "detached" });
}
