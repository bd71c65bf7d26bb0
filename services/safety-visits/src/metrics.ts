import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { Gauge } from 'prom-client';
import { countOverdue, type OverdueCounts } from './db/overdue-counts.ts';

/**
 * `relais_overdue_visits{tenant,kind}` (`kind`: `scheduled`, a visit past the day it was due
 * by; `periodic`, a host whose periodic visit is past due) and
 * `relais_overdue_corrective_actions{tenant,severity}` (open actions past their deadline, by
 * the severity of their finding: `critical` ones block the host). Read from the stored
 * deadlines at scrape time on the service's Belgian day, so every instance reports the same.
 * Labelled by CPAS id only (a few hundred at most), never by host or person.
 */
export const registerSafetyMetrics = (context: ServiceContext): void => {
  // One query serves both gauges of a scrape: prom-client's Registry.metrics() starts every
  // metric's collect at once (Promise.all), so the second finds the first's reading in flight.
  let pending: Promise<OverdueCounts[]> | undefined;
  const read = () =>
    (pending ??= countOverdue(context.platformPool, belgianDay(context.clock.now())).finally(() => {
      pending = undefined;
    }));
  new Gauge({
    name: 'relais_overdue_visits',
    help: 'Prevention visits past due, per CPAS: scheduled ones past their deadline, periodic ones not held in time',
    labelNames: ['tenant', 'kind'],
    registers: [context.registry],
    async collect() {
      const counts = await read();
      this.reset();
      for (const c of counts) {
        this.set({ tenant: c.tenantId, kind: 'scheduled' }, c.scheduledVisits);
        this.set({ tenant: c.tenantId, kind: 'periodic' }, c.periodicVisits);
      }
    },
  });
  new Gauge({
    name: 'relais_overdue_corrective_actions',
    help: 'Open corrective actions past their deadline, per CPAS and severity of their finding',
    labelNames: ['tenant', 'severity'],
    registers: [context.registry],
    async collect() {
      const counts = await read();
      this.reset();
      for (const c of counts)
        for (const [severity, n] of Object.entries(c.actions)) this.set({ tenant: c.tenantId, severity }, n);
    },
  });
};
