import { ROLES } from '@relais/service-kit';
import { z } from 'zod';
import type { Account } from '../db/accounts.ts';
import { PASSWORD_LENGTH } from '../domain/account-rules.ts';
import type { SignedInAccount } from '../identity/identity-provider.ts';

/** A password as a request may carry it: bounded, so nobody makes the edge hash megabytes. */
export const password = z.string().min(1).max(PASSWORD_LENGTH.max);
const email = z.email().max(254);
const displayName = z.string().trim().min(1).max(200);
/** Roles of an account: at least one, each once. */
export const roles = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .transform((list) => [...new Set(list)]);

/** The signed-in user, as the UI shows them. */
export const userSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  tenantId: z.uuid(),
  cpasName: z.string(),
  mustChangePassword: z.boolean(),
});

/** The signed-in user in the UI's terms. */
export const userView = (account: SignedInAccount): z.infer<typeof userSchema> => ({
  id: account.id,
  displayName: account.displayName,
  roles: [...account.roles],
  tenantId: account.tenantId,
  cpasName: account.cpasName,
  mustChangePassword: account.mustChangePassword,
});

/** The session's user and the token its state-changing requests carry. */
export const sessionSchema = z.object({ user: userSchema, csrfToken: z.string() });

export const signInBody = z.strictObject({ email: z.string().trim().min(1).max(254), password });
export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword: password });

/** A new account: an administrator-set password its holder replaces at first sign-in. */
export const newAccountBody = z.strictObject({ email, displayName, roles, temporaryPassword: password });
export const rolesBody = z.strictObject({ roles });
export const newCpasBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  admin: z.strictObject({ email, displayName, temporaryPassword: password }),
});
export const accountParams = z.strictObject({ accountId: z.uuid() });

/** An account as its CPAS administrator sees it. */
export const accountSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
});

/** An account in the API's terms. */
export const accountView = (account: Account): z.infer<typeof accountSchema> => ({
  id: account.id,
  email: account.email,
  displayName: account.displayName,
  roles: account.roles,
  mustChangePassword: account.mustChangePassword,
  lockedUntil: account.lockedUntil?.toISOString() ?? null,
  disabledAt: account.disabledAt?.toISOString() ?? null,
  createdAt: account.createdAt.toISOString(),
});
