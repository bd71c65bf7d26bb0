import { Gauge } from 'prom-client';
import type { ServiceContext } from '@relais/service-kit';
import { countOpenGaps } from './db/gaps.ts';

/**
 * `relais_coverage_gaps{justified}`: open gaps in people's coverage. `justified="false"` must
 * stay 0 (alert on it); `justified="true"` counts gaps a recorded decision made legitimate.
 * Read from the stored gaps at scrape time, so every instance reports the same truth.
 */
export const registerCoverageMetrics = (context: ServiceContext): void => {
  new Gauge({
    name: 'relais_coverage_gaps',
    help: 'Open gaps in income coverage, by whether a recorded decision justifies them',
    labelNames: ['justified'],
    registers: [context.registry],
    async collect() {
      const counts = await countOpenGaps(context.platformPool);
      this.set({ justified: 'true' }, counts.justified);
      this.set({ justified: 'false' }, counts.unjustified);
    },
  });
};
