// Scenario 6 of issue 9: the database goes away under the consumers. First the whole server
// (a private PostgreSQL cluster, stopped in immediate mode: every backend killed, no checkpoint)
// for a while, then, separately, the consumers' connections terminated again and again, while
// trial ends keep coming. Nothing is lost or applied twice, no offset is committed for an
// effect that was not, transient failures are retried in place (never parked) with a bounded
// backoff, and the readiness route says the instance is degraded while the server is down.
import { uniquePrefix, type ServiceProcess } from '@relais/testing';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { startChaosBroker } from '../lib/broker.ts';
import { watchCrashes } from '../lib/crash-watch.ts';
import { deadLetterSummary, untracedEvents } from '../lib/dead-letters.ts';
import { startStoryFlow } from '../lib/flow.ts';
import { outOfOrderSample } from '../lib/income-diagnostics.ts';
import { checkIncomeInvariants, incomeLedger, incomeTopics, type IncomeLedger } from '../lib/income.ts';
import {
  chaosKafka,
  consumerLag,
  lagWithin,
  messagesOn,
  recoveredAfter,
  reliableProducer,
} from '../lib/kafka.ts';
import { consumerRetries } from '../lib/logs.ts';
import { committedOffsets, eventIdsBelow } from '../lib/offsets.ts';
import { startChaosPostgres } from '../lib/postgres.ts';
import { Criteria, type ChaosScenario } from '../lib/scenario.ts';
import { prepareTopics, startServiceGroup } from '../lib/services.ts';

const SIZES = {
  small: {
    persons: 40,
    perTick: 4,
    tickMs: 250,
    warmMs: 3000,
    downMs: 9000,
    afterMs: 3000,
    stormMs: 6000,
    recoveryLimitS: 90,
  },
  full: {
    persons: 500,
    perTick: 10,
    tickMs: 250,
    warmMs: 5000,
    downMs: 30000,
    afterMs: 5000,
    stormMs: 30000,
    recoveryLimitS: 180,
  },
} as const;

/** The inbox consumer's cap on its retry delay (`retry.maxMs`, 5000 ms by default in consumer.ts). */
const RETRY_CAP_MS = 5000;
/** How often the storm terminates the service's connections. */
const TERMINATE_EVERY_MS = 200;
/** The service's pools (packages/service-kit/src/run-service.ts: `applicationName`). */
const APPLICATION_NAMES = ['income-continuity', 'income-continuity-platform'];

/** The status of GET /health/ready (0 when it did not answer in time). */
const readiness = async (url: string): Promise<number> => {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
};

export const postgresOutage: ChaosScenario = {
  name: 'postgres-outage',
  title: 'a stopped PostgreSQL and terminated connections: retried in place, nothing lost, nothing parked',
  async run({ scale, servers, workDir, log }) {
    const size = SIZES[scale];
    const check = new Criteria();
    const tenantId = uuidv7();
    const postgres = await startChaosPostgres(join(workDir, 'postgres'), log);
    const closers: (() => Promise<unknown>)[] = [() => postgres.close()];
    try {
      const broker = await startChaosBroker(workDir, log);
      closers.unshift(() => broker.close());
      const messaging = { brokers: broker.brokers, prefix: uniquePrefix('chaos-pg') };
      await prepareTopics(messaging);
      const kafka = chaosKafka(broker.brokers);
      const group = await startServiceGroup({
        name: 'income-continuity',
        instances: 2,
        postgresUrl: postgres.url,
        redisUrl: servers.redisUrl,
        messaging,
        // A start that dies (the server gone again, a deadlock while another instance works) fails at once.
      });
      closers.unshift(() => group.close());
      const watch = watchCrashes(group, log);
      closers.unshift(() => {
        watch.closing();
        return Promise.resolve();
      });
      const ledger: IncomeLedger = incomeLedger(group.database.url);
      closers.unshift(() => ledger.close());
      const producer = await reliableProducer(kafka, messaging.prefix);
      closers.unshift(() => producer.close());
      const { groupId, topics } = incomeTopics(messaging.prefix);
      const persons = Array.from({ length: size.persons }, () => uuidv7());
      // One person's placements go forward in time from one flow to the next.
      const rounds = new Map<string, number>();
      const flow = (ms: number) =>
        startStoryFlow({
          rounds,
          producer,
          tenantId,
          persons,
          perTick: size.perTick,
          tickMs: size.tickMs,
          maxTicks: Math.ceil(ms / size.tickMs) + 1,
          maxMs: ms + 60000,
        });
      /** Waits (bounded) for lag 0; the seconds it took from `since`, or null. */
      const caughtUp = async (since: number): Promise<number | null> => {
        const lag = await lagWithin(
          kafka,
          groupId,
          topics,
          since + size.recoveryLimitS * 1000,
          ledger.settled,
        );
        return recoveredAfter(lag, since);
      };
      /** The events below the group's committed offsets right now (the ones it says it is done with). */
      const committedEvents = async (): Promise<string[]> => {
        const offsets = await committedOffsets(kafka, groupId, topics);
        return [...new Set(await eventIdsBelow(kafka, topics, offsets))];
      };

      // Part 1: the server stopped in immediate mode while events flow.
      const first = flow(size.warmMs + size.downMs + size.afterMs);
      await sleep(size.warmMs);
      const retriesBefore = consumerRetries(watch.processes).retries;
      await postgres.stopImmediate();
      const downAt = Date.now();
      // What the group had committed when the server went down, read (from Kafka) while it still is.
      const committedAtCrash = committedEvents();
      committedAtCrash.catch(() => undefined);
      const probe = group.instance(0);
      const whileDown: number[] = [];
      while (Date.now() - downAt < size.downMs && whileDown.length < 2 * Math.ceil(size.downMs / 500)) {
        whileDown.push(await readiness(probe.url));
        await sleep(500);
      }
      const atCrash = await committedAtCrash;
      const left = size.downMs - (Date.now() - downAt);
      if (left > 0) await sleep(left);
      await postgres.start();
      const restartedAt = Date.now();
      // Each must be applied (inbox row) or kept (dead-letter store): no offset committed for an effect that was not.
      let withoutEffect = await untracedEvents(group.database.url, atCrash);
      log(`postgres back after ${String(Math.round((restartedAt - downAt) / 100) / 10)} s down`);
      const outageRetries = consumerRetries(watch.processes).retries - retriesBefore;
      const outageCrashes = watch.crashes();
      // A supervisor would start a crashed instance again: so do we, to see the rest through.
      const revivedOutage = await watch.revive();
      const revivedAt = Date.now();
      const readyAgain = async (p: ServiceProcess): Promise<number | null> => {
        for (let i = 0; i < 240 && Date.now() - revivedAt < 60000; i++) {
          if ((await readiness(p.url)) === 200) return Math.round((Date.now() - restartedAt) / 100) / 10;
          await sleep(250);
        }
        return null;
      };
      const readyAfter = await Promise.all(group.running().map((i) => readyAgain(group.instance(i))));
      await first.stop();
      const outageCatchUp = await caughtUp(restartedAt);
      log(
        `outage: readiness while down ${JSON.stringify(whileDown)}, 200 again after ${JSON.stringify(readyAfter)} s, ` +
          `${String(outageRetries)} retries, ${String(outageCrashes)} crashes, caught up after ${String(outageCatchUp)} s`,
      );

      // Part 2: the service's connections terminated every 200 ms while events flow.
      const second = flow(size.stormMs);
      const stormStart = Date.now();
      let terminated = 0;
      let stormRounds = 0;
      while (
        Date.now() - stormStart < size.stormMs &&
        stormRounds < Math.ceil(size.stormMs / TERMINATE_EVERY_MS)
      ) {
        terminated += await postgres.terminate(APPLICATION_NAMES);
        stormRounds += 1;
        await sleep(TERMINATE_EVERY_MS);
      }
      const stormEnd = Date.now();
      const stormCrashes = watch.crashes() - outageCrashes;
      log(
        `storm: ${String(terminated)} connections terminated in ${String(stormRounds)} rounds, ${String(stormCrashes)} crashes`,
      );
      const afterStorm = await committedEvents();
      withoutEffect += await untracedEvents(group.database.url, afterStorm);
      await second.stop();
      const revivedStorm = await watch.revive();
      const recoverySeconds = await caughtUp(stormEnd);

      const stories = [...first.stories, ...second.stories];
      const found = await ledger.invariants({
        trialEndIds: stories.map((s) => s.ended.id),
        placementIds: stories.map((s) => s.placementId),
      });
      if (found.outOfOrder > 0)
        for (const line of await outOfOrderSample(group.database.url)) log(`out of order: ${line}`);
      const parked = await messagesOn(kafka, incomeTopics(messaging.prefix).deadLetterTopic);
      const stored = await deadLetterSummary(group.database.url);
      log(`dead-letter store: ${JSON.stringify(stored.byStatus)}`);
      const retries = consumerRetries(watch.processes);
      const lag = await consumerLag(kafka, groupId, topics);

      checkIncomeInvariants(check, found, stories.length);
      check.equal('offsets committed for events neither applied nor kept', withoutEffect, 0);
      check.equal('messages on the dead-letter topic', parked, 0);
      check.equal('dead letters still open (parked or held) in the store', stored.open, 0);
      check.atLeast('readiness probes while PostgreSQL was down', whileDown.length, 1);
      check.equal(
        'readiness answered 200 while PostgreSQL was down',
        whileDown.filter((s) => s === 200).length,
        0,
      );
      check.equal(
        'readiness probes unanswered while PostgreSQL was down',
        whileDown.filter((s) => s === 0).length,
        0,
      );
      check.holds(
        `readiness back to 200 within 60 s of the restart on every instance (${JSON.stringify(readyAfter)})`,
        readyAfter.every((s) => s !== null),
      );
      check.atLeast('consumer retries during the outage (the fault reached the consumers)', outageRetries, 1);
      check.atMost('longest retry delay announced (ms)', retries.maxRetryInMs, RETRY_CAP_MS);
      check.atLeast('connections terminated by the storm', terminated, 1);
      check.equal('instances crashed by the stopped server', outageCrashes, 0);
      check.equal('instances crashed by terminated connections', stormCrashes, 0);
      check.holds(
        `caught up (lag 0) within ${String(size.recoveryLimitS)} s of the restart`,
        outageCatchUp !== null,
      );
      check.equal('consumer lag after recovery', lag, 0);
      return {
        counts: {
          trialEnds: stories.length,
          reopenings: found.reopenings,
          pg_down_s: Math.round(size.downMs / 1000),
          ready_probes_down: whileDown.length,
          retries: retries.retries,
          max_retry_ms: retries.maxRetryInMs,
          terminated,
          crashes: watch.crashes(),
          failedStarts: revivedOutage.failedStarts + revivedStorm.failedStarts,
          resentBatches: producer.resends(),
          dead_letters_stored: stored.total,
          ...(outageCatchUp === null ? {} : { outage_catchup_s: outageCatchUp }),
        },
        lost: found.lost,
        duplicates: found.duplicates,
        parked,
        recoverySeconds,
        failures: check.failures,
      };
    } finally {
      for (const close of closers) await close().catch((error: unknown) => log(`closing: ${String(error)}`));
    }
  },
};
