// Issue 13 item 4 in Debian Chromium: the axis "adjustable in the slice views" (decisions 127,
// 135). A physician imports the femur phantom (2 mm NRRD, so screen angles are mm angles), drags
// the handle at the upper end of the axis on the coronal view: the coronal tilt field follows
// (positive to the right, the drawn axis passing under the pointer, ±30° at most); the arrow keys
// move it by 1°; a typed value moves the handle; "Revenir à l'axe principal" blanks both fields;
// the run posts the dragged tilt and the job row states it. A finger (Chromium touch input)
// turns the sagittal one without scrolling the page. The job runner is off.
// Screenshots: /tmp/shots-axisdrag/.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { femurPhantom } from "../../server/fe/anatomicalPhantom";
import { ctToNrrd } from "../../server/fe/ctVolume";
import { encodeNrrd } from "../../server/fe/nrrd";
import { useServerAndBrowser } from "../helpers/browser";
import { queryRows } from "../helpers/db";
import { physicianWithCtInFeForm } from "../helpers/feForm";
import type { TestServer } from "../helpers/server";

// Patrick Durand's case, seeded with two lesions (test/e2e/board.e2e.test.ts).
const CASE_ID = 9;
const SHOTS = "/tmp/shots-axisdrag";
const CORONAL = ".fe-slice[data-axis=coronal]";
const SAGITTAL = ".fe-slice[data-axis=sagittal]";

/** The centre of an element on the screen. */
async function centreOf(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
}

/**
 * The drawn coronal axis on the screen: its middle (the bone's centre, where it turns) and its
 * lean from the vertical, upper end to the right positive (°).
 */
async function coronalAxisOnScreen(page: Page) {
  const line = page.locator(`${CORONAL} line.fe-axis`);
  const [x1, y1, x2, y2] = await Promise.all(
    ["x1", "y1", "x2", "y2"].map(async (a) => Number(await line.getAttribute(a))),
  );
  const viewBox = await page.locator(`${CORONAL} svg`).getAttribute("viewBox");
  const [, , width, height] = (viewBox ?? "").split(" ").map(Number);
  const { box } = await centreOf(page, `${CORONAL} .fe-slice-image`);
  const screen = (x: number, y: number) => ({
    x: box.x + (x / width) * box.width,
    y: box.y + (y / height) * box.height,
  });
  const [a, b] = [screen(x1, y1), screen(x2, y2)];
  const [top, bottom] = a.y < b.y ? [a, b] : [b, a];
  return {
    middle: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
    degrees: (Math.atan2(top.x - bottom.x, bottom.y - top.y) * 180) / Math.PI,
  };
}

describe("FE analysis axis turned on the slice views (decision 135)", () => {
  let srv: TestServer;
  let browser: Browser;
  useServerAndBrowser(
    (s, b) => {
      [srv, browser] = [s, b];
    },
    { env: { FE_JOB_RUNNER: "off" } },
  );

  it("turns the coronal tilt by dragging the handle and by the arrow keys, and runs with it", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { ct } = femurPhantom({ spacing_mm: 2 });
    const {
      context,
      page: a,
      errors,
    } = await physicianWithCtInFeForm(browser, srv, CASE_ID, {
      name: "femur.nrrd",
      mimeType: "application/octet-stream",
      buffer: encodeNrrd(ctToNrrd(ct)),
    });
    await a.selectOption("#fe #f-site", "proximal-femur");
    const handle = a.locator(`${CORONAL} .fe-axis-handle`);
    await handle.waitFor();
    // A handle on the coronal and sagittal views only, named in French, big enough to grab.
    expect(await a.locator(".fe-slice[data-axis=axial] .fe-axis-handle").count()).toBe(0);
    expect(await handle.getAttribute("aria-label")).toBe(
      "Poignée de l'axe : inclinaison dans le plan coronal",
    );
    expect(await handle.getAttribute("aria-valuenow")).toBe("0");
    // The views scrolled into the window: the mouse acts on what is on the screen.
    await a.evaluate(
      (s) => document.querySelector(s)?.scrollIntoView({ block: "center" }),
      CORONAL,
    );
    const start = await centreOf(a, `${CORONAL} .fe-axis-handle`);
    expect(Math.min(start.box.width, start.box.height)).toBeGreaterThanOrEqual(24);
    expect(await a.locator("button:has-text('Revenir à l\\'axe principal')").isDisabled()).toBe(
      true,
    );
    const principal = await coronalAxisOnScreen(a);

    // Dragged 40 px to the right: a positive coronal tilt, in 0.5° steps, and the drawn axis now
    // passes under the pointer (pixels are 2 mm square: the screen angle is the mm angle).
    const to = { x: start.x + 40, y: start.y };
    await a.mouse.move(start.x, start.y);
    await a.mouse.down();
    await a.mouse.move(to.x, to.y, { steps: 8 });
    await a.mouse.up();
    const dragged = Number(await a.inputValue("#fe #f-tiltCoronal_deg"));
    expect(dragged).toBeGreaterThan(0);
    expect(dragged).toBeLessThan(30);
    expect(Number.isInteger(dragged * 2)).toBe(true);
    const turned = await coronalAxisOnScreen(a);
    expect(turned.degrees - principal.degrees).toBeCloseTo(dragged, 2);
    const pointer = (Math.atan2(to.x - turned.middle.x, turned.middle.y - to.y) * 180) / Math.PI;
    expect(Math.abs(pointer - turned.degrees)).toBeLessThanOrEqual(0.5);
    // The drag neither placed the lesion centre nor drew a region box.
    expect(await a.inputValue("#fe #f-centreX_mm")).toBe("");
    expect(await a.inputValue("#fe #f-regionMinX_mm")).toBe("");
    expect(await a.textContent(".fe-axis-status")).toContain("dans le plan coronal");
    await a.evaluate(() => document.querySelector(".fe-axes")?.scrollIntoView({ block: "start" }));
    await a.screenshot({ path: `${SHOTS}/axis-dragged-1366.png` });
    await a.evaluate(
      (s) => document.querySelector(s)?.scrollIntoView({ block: "center" }),
      CORONAL,
    );

    // Dragged far beyond: the limit, 30°.
    const far = await centreOf(a, `${CORONAL} .fe-axis-handle`);
    await a.mouse.move(far.x, far.y);
    await a.mouse.down();
    await a.mouse.move(far.x + 400, far.y + 40, { steps: 8 });
    await a.mouse.up();
    expect(await a.inputValue("#fe #f-tiltCoronal_deg")).toBe("30");

    // The keyboard: focused, the left arrow turns the upper end 1° to the left; the right arrow
    // stops at the limit.
    await handle.focus();
    await a.keyboard.press("ArrowLeft");
    await a.keyboard.press("ArrowLeft");
    expect(await a.inputValue("#fe #f-tiltCoronal_deg")).toBe("28");
    await a.keyboard.press("ArrowRight");
    await a.keyboard.press("ArrowRight");
    await a.keyboard.press("ArrowRight");
    expect(await a.inputValue("#fe #f-tiltCoronal_deg")).toBe("30");
    expect(await handle.getAttribute("aria-valuetext")).toBe("30°");

    // Typed, the handle follows: −10° puts the upper end left of where the principal axis had it.
    await a.fill("#fe #f-tiltCoronal_deg", "-10");
    await a.waitForSelector(`${CORONAL} .fe-axis-handle[aria-valuenow="-10"]`);
    expect((await centreOf(a, `${CORONAL} .fe-axis-handle`)).x).toBeLessThan(start.x);
    const typed = await coronalAxisOnScreen(a);
    expect(typed.degrees - principal.degrees).toBeCloseTo(-10, 2);

    // The sagittal handle sets the sagittal field only.
    await a.locator(`${SAGITTAL} .fe-axis-handle`).focus();
    await a.keyboard.press("ArrowDown");
    expect(await a.inputValue("#fe #f-tiltSagittal_deg")).toBe("-1");
    expect(await a.inputValue("#fe #f-tiltCoronal_deg")).toBe("-10");

    // Back to the principal axis: both fields blank, the dashed principal axis gone.
    await a.click("button:has-text('Revenir à l\\'axe principal')");
    expect(await a.inputValue("#fe #f-tiltCoronal_deg")).toBe("");
    expect(await a.inputValue("#fe #f-tiltSagittal_deg")).toBe("");
    expect(await a.locator("line.fe-axis-principal").count()).toBe(0);
    expect(await a.textContent(".fe-axis-status")).toContain("l'axe principal de l'os");

    // Dragged to the left this time, 1° sagittal by the keys, and run: the job carries the tilt.
    const again = await centreOf(a, `${CORONAL} .fe-axis-handle`);
    await a.mouse.move(again.x, again.y);
    await a.mouse.down();
    await a.mouse.move(again.x - 30, again.y, { steps: 6 });
    await a.mouse.up();
    const left = Number(await a.inputValue("#fe #f-tiltCoronal_deg"));
    expect(left).toBeLessThan(0);
    await a.locator(`${SAGITTAL} .fe-axis-handle`).focus();
    await a.keyboard.press("ArrowUp");
    expect(await a.inputValue("#fe #f-tiltSagittal_deg")).toBe("1");

    const lesionId = await a.locator("#fe #f-lesionId option").nth(1).getAttribute("value");
    if (!lesionId) throw new Error("no board lesion offered");
    await a.selectOption("#fe #f-lesionId", lesionId);
    await a.selectOption("#fe #f-side", "left");
    await a.selectOption("#fe #f-loadCases", "femur-stance");
    await a.fill("#fe #f-bodyWeightKg", "70");
    await a.selectOption("#fe #f-calibration", "default");
    await a.selectOption("#fe #f-comparator", "repair");
    await a.fill("#fe #f-centreX_mm", "40");
    await a.fill("#fe #f-centreY_mm", "25");
    await a.fill("#fe #f-centreZ_mm", "120");
    await a.fill("#fe #f-radius_mm", "8");
    await a.click("#fe button[type=submit]:has-text('Lancer l\\'analyse')");
    await a.waitForSelector(".fe-job", { timeout: 15_000 });
    const [stored] = queryRows<{ params: string }>(
      srv.dbPath,
      "SELECT params FROM fe_jobs ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(stored.params).tilt_deg).toEqual({ coronal_deg: left, sagittal_deg: 1 });
    // French: a minus sign and a decimal comma (12.5 → "−12,5").
    const french = `−${String(-left).replace(".", ",")}`;
    expect(await a.locator(".fe-job [data-fact=axes]").first().textContent()).toContain(
      `Axes inclinés : ${french}° coronal, 1° sagittal`,
    );

    await a.setViewportSize({ width: 1920, height: 1080 });
    await a.evaluate(() => document.querySelector(".fe-axes")?.scrollIntoView({ block: "start" }));
    await a.locator(`${CORONAL} .fe-axis-handle`).focus();
    await a.screenshot({ path: `${SHOTS}/axis-dragged-1920.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("turns the sagittal tilt with a finger (touch events, as on a tablet)", async () => {
    const {
      context,
      page: a,
      errors,
    } = await physicianWithCtInFeForm(
      browser,
      srv,
      CASE_ID,
      {
        name: "femur.nrrd",
        mimeType: "application/octet-stream",
        buffer: encodeNrrd(ctToNrrd(femurPhantom({ spacing_mm: 2 }).ct)),
      },
      { hasTouch: true },
    );
    await a.selectOption("#fe #f-site", "proximal-femur");
    await a.locator(`${SAGITTAL} .fe-axis-handle`).waitFor();
    await a.evaluate(
      (s) => document.querySelector(s)?.scrollIntoView({ block: "center" }),
      `${SAGITTAL} .fe-axis-handle`,
    );
    const start = await centreOf(a, `${SAGITTAL} .fe-axis-handle`);
    const scrollBefore = await a.evaluate(() => window.scrollY);
    // Real touch input through Chromium's DevTools protocol: the browser makes the pointer events
    // (pointerType "touch") and would scroll the page, were it not for touch-action: none.
    const cdp = await context.newCDPSession(a);
    const touch = (type: "touchStart" | "touchMove" | "touchEnd", x: number, y: number) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: type === "touchEnd" ? [] : [{ x, y }],
      });
    await touch("touchStart", start.x, start.y);
    for (let step = 1; step <= 6; step++)
      await touch("touchMove", start.x - 5 * step, start.y - 4 * step);
    await touch("touchEnd", start.x - 30, start.y - 24);
    // Upper end to the left of the sagittal view: a negative sagittal tilt; coronal untouched.
    await a.waitForFunction(
      () =>
        Number((document.querySelector("#fe #f-tiltSagittal_deg") as HTMLInputElement).value) < 0,
    );
    expect(await a.inputValue("#fe #f-tiltCoronal_deg")).toBe("");
    expect(await a.evaluate(() => window.scrollY)).toBe(scrollBefore);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
