import type { Pool } from 'pg';

/** What is late in one CPAS on a day. */
export interface OverdueCounts {
  readonly tenantId: string;
  /** Visits still scheduled after the day they were due by. */
  readonly scheduledVisits: number;
  /** Hosts whose periodic visit fell due before the day (the host is `visit_overdue` for it). */
  readonly periodicVisits: number;
  /** Open corrective actions past their deadline, by the severity of their finding. */
  readonly actions: Readonly<Record<'minor' | 'major' | 'critical', number>>;
}

/**
 * What is late on `today` in every CPAS that has hosts (a row of zeros when nothing is), read
 * through the platform pool (reads every CPAS, writes none). From the deadlines themselves,
 * not from the `overdue_since` flags the scheduled job sets, so a stuck job does not hide them.
 */
export const countOverdue = async (platformPool: Pool, today: string): Promise<OverdueCounts[]> => {
  const { rows } = await platformPool.query<OverdueCounts>(
    `SELECT t.tenant_id AS "tenantId",
       (SELECT count(*)::int FROM prevention_visits v
         WHERE v.tenant_id = t.tenant_id AND v.status = 'scheduled' AND v.due_by < $1) AS "scheduledVisits",
       (SELECT count(*)::int FROM hosts h
         WHERE h.tenant_id = t.tenant_id AND h.next_periodic_due < $1) AS "periodicVisits",
       json_build_object(
         'minor', count(a.id) FILTER (WHERE f.severity = 'minor'),
         'major', count(a.id) FILTER (WHERE f.severity = 'major'),
         'critical', count(a.id) FILTER (WHERE f.severity = 'critical')) AS actions
     FROM (SELECT DISTINCT tenant_id FROM hosts) t
     LEFT JOIN corrective_actions a ON a.tenant_id = t.tenant_id AND a.status = 'open' AND a.deadline < $1
     LEFT JOIN findings f ON f.id = a.finding_id
     GROUP BY t.tenant_id`,
    [today],
  );
  return rows;
};
