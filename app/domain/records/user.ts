import * as z from "zod";
import { ROLES, SPECIALTIES } from "./permissions";

const specialty = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.enum(SPECIALTIES, { error: "errors.choice" }).optional(),
);

/** A physician has a specialty from the fixed list; other roles have none. */
const withSpecialtyRule = <T extends { role: string; specialty?: string }>(
  u: T,
  ctx: z.RefinementCtx,
) => {
  if (u.role === "physician" && !u.specialty)
    ctx.addIssue({ code: "custom", path: ["specialty"], message: "errors.required" });
};

export const NewUserInputSchema = z
  .object({
    email: z.email({ error: "errors.email" }).max(200),
    displayName: z.string().trim().min(1, { error: "errors.required" }).max(120),
    password: z.string().min(12, { error: "errors.password_short" }).max(200),
    role: z.enum(ROLES, { error: "errors.choice" }),
    specialty,
    rcpId: z.coerce.number().int().positive({ error: "errors.choice" }),
  })
  .superRefine(withSpecialtyRule);

export const UserRoleInputSchema = z
  .object({
    userId: z.coerce.number().int().positive(),
    role: z.enum(ROLES, { error: "errors.choice" }),
    specialty,
  })
  .superRefine(withSpecialtyRule);
export type NewUserInput = z.infer<typeof NewUserInputSchema>;
export type UserRoleInput = z.infer<typeof UserRoleInputSchema>;
