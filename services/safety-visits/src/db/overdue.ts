import type { Pool } from 'pg';

/**
 * Hosts with something newly late on `today`, across CPAS (identifiers only), read through the
 * platform pool (`context.platformPool`: reads every CPAS, writes none): a scheduled visit
 * past its deadline, an open action past its deadline, or a cleared host whose periodic visit
 * is due. Each is then handled in its own tenant transaction that locks the host with SKIP
 * LOCKED, so several instances may run the job at once.
 */
export const hostsWithSomethingDue = async (
  platformPool: Pool,
  today: string,
  limit: number,
): Promise<{ tenantId: string; hostId: string }[]> => {
  const { rows } = await platformPool.query<{ tenantId: string; hostId: string }>(
    `SELECT h.tenant_id AS "tenantId", h.id AS "hostId" FROM hosts h
     WHERE EXISTS (SELECT 1 FROM prevention_visits v WHERE v.host_employer_id = h.id AND v.status = 'scheduled'
                     AND v.overdue_since IS NULL AND v.due_by < $1)
        OR EXISTS (SELECT 1 FROM corrective_actions a WHERE a.host_employer_id = h.id AND a.status = 'open'
                     AND a.overdue_since IS NULL AND a.deadline < $1)
        OR (h.next_periodic_due < $1 AND h.safety_status IN ('cleared', 'cleared_with_conditions'))
     LIMIT $2`,
    [today, limit],
  );
  return rows;
};
