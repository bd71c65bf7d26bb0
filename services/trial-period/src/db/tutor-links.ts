import type { Tx } from '@relais/messaging';
import type { TutorLink } from '../domain/check-in.ts';

/** Issues a link row; unused links of the same check-in are revoked so only the newest works. */
export const insertTutorLink = async (
  tx: Tx,
  link: TutorLink & { readonly issuedBy: string; readonly issuedAt: string },
): Promise<void> => {
  await tx.query(
    `UPDATE tutor_links SET revoked_at = $3
     WHERE tenant_id = $1 AND check_in_id = $2 AND used_at IS NULL AND revoked_at IS NULL`,
    [link.tenantId, link.checkInId, link.issuedAt],
  );
  await tx.query(
    `INSERT INTO tutor_links (id, tenant_id, check_in_id, issued_by, issued_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [link.id, link.tenantId, link.checkInId, link.issuedBy, link.issuedAt, link.expiresAt],
  );
};

/** Loads a link of the tenant, locked when `forUpdate`. */
export const findTutorLink = async (
  tx: Tx,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<TutorLink | undefined> => {
  const { rows } = await tx.query<{
    id: string;
    tenant_id: string;
    check_in_id: string;
    expires_at: Date;
    used_at: Date | null;
    revoked_at: Date | null;
  }>(
    `SELECT id, tenant_id, check_in_id, expires_at, used_at, revoked_at FROM tutor_links
     WHERE tenant_id = $1 AND id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        tenantId: r.tenant_id,
        checkInId: r.check_in_id,
        expiresAt: r.expires_at.toISOString(),
        usedAt: r.used_at?.toISOString() ?? null,
        revokedAt: r.revoked_at?.toISOString() ?? null,
      }
    : undefined;
};

/** Marks a link used; false when another request used it first or a newer link replaced it meanwhile. */
export const useTutorLink = async (tx: Tx, link: TutorLink, at: string): Promise<boolean> => {
  const { rowCount } = await tx.query(
    'UPDATE tutor_links SET used_at = $3 WHERE tenant_id = $1 AND id = $2 AND used_at IS NULL AND revoked_at IS NULL',
    [link.tenantId, link.id, at],
  );
  return rowCount === 1;
};
