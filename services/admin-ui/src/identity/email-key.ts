import { createHash } from 'node:crypto';
import { normalizeEmail } from '../domain/account-rules.ts';

/** An email as a Redis key part: hashed, so no mailbox is written in clear outside the database. */
export const emailKey = (email: string): string =>
  createHash('sha256').update(normalizeEmail(email)).digest('base64url');
