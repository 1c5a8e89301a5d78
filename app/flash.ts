// The confirmations shown once after a create (issue 10 item 8). Only these keys travel, never
// text: a flash cookie or action result cannot make the page say anything else; the words are in
// the i18n catalogues under `flash.<key>`.

import * as z from "zod";

export const FLASH_KEYS = [
  "patientCreated",
  "caseCreated",
  "userCreated",
  "rcpCreated",
  "meetingPlanned",
] as const;
export type FlashKey = (typeof FLASH_KEYS)[number];
export const FlashKeySchema = z.enum(FLASH_KEYS);
