// Scenario 7 of issue 9: a slow handler and a rebalance storm. Some events (a stable share, by
// id) take longer than the consumer group's session timeout inside their transaction, while
// the income-continuity deployment scales 1 → 3 → 1 and trial ends keep coming. Members are
// evicted mid-handler and their partitions move while the first attempt still holds its
// transaction: no event may be lost or applied twice, and no partition may stay stalled behind
// a slow event (the group's lag returns to 0 within a bound).
import { uniquePrefix } from '@relais/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { startChaosBroker } from '../lib/broker.ts';
import { deadLetterSummary } from '../lib/dead-letters.ts';
import { watchCrashes } from '../lib/crash-watch.ts';
import { startStoryFlow } from '../lib/flow.ts';
import { outOfOrderSample } from '../lib/income-diagnostics.ts';
import { checkIncomeInvariants, incomeLedger, incomeTopics } from '../lib/income.ts';
import { chaosKafka, lagWithin, messagesOn, recoveredAfter, reliableProducer } from '../lib/kafka.ts';
import { countLogLines } from '../lib/logs.ts';
import { Criteria, type ChaosScenario } from '../lib/scenario.ts';
import { prepareTopics, startServiceGroup } from '../lib/services.ts';

const SIZES = {
  small: { persons: 30, perTick: 3, tickMs: 250, slowFraction: 0.02, stepMs: 6000, recoveryLimitS: 120 },
  full: { persons: 400, perTick: 10, tickMs: 250, slowFraction: 0.005, stepMs: 30000, recoveryLimitS: 300 },
} as const;

/** Longer than the group's session timeout (KAFKA_SESSION_TIMEOUT_MS is 6000 in startServiceGroup). */
const SLOW_MS = 8000;
const SESSION_TIMEOUT_MS = 6000;

export const slowRebalance: ChaosScenario = {
  name: 'slow-rebalance',
  title:
    'handlers slower than the session while instances scale 1→3→1: no loss, no duplicate, no stalled partition',
  async run({ scale, servers, workDir, log }) {
    const size = SIZES[scale];
    const check = new Criteria();
    const tenantId = uuidv7();
    const broker = await startChaosBroker(workDir, log);
    const closers: (() => Promise<unknown>)[] = [() => broker.close()];
    try {
      const messaging = { brokers: broker.brokers, prefix: uniquePrefix('chaos-slow') };
      await prepareTopics(messaging);
      const kafka = chaosKafka(broker.brokers);
      const group = await startServiceGroup({
        name: 'income-continuity',
        instances: 1,
        ...servers,
        messaging,
        env: {
          KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
          RELAIS_FAULTS: JSON.stringify({
            slowHandler: { ms: SLOW_MS, fraction: size.slowFraction, oncePerProcess: true },
          }),
        },
      });
      closers.unshift(() => group.close());
      const watch = watchCrashes(group, log);
      closers.unshift(() => {
        watch.closing();
        return Promise.resolve();
      });
      const ledger = incomeLedger(group.database.url);
      closers.unshift(() => ledger.close());
      const producer = await reliableProducer(kafka, messaging.prefix);
      closers.unshift(() => producer.close());
      const { groupId, topics, deadLetterTopic } = incomeTopics(messaging.prefix);
      const persons = Array.from({ length: size.persons }, () => uuidv7());
      // Produces through every step (scaling up and down takes a while: bounded by maxMs).
      const flow = startStoryFlow({
        producer,
        tenantId,
        persons,
        perTick: size.perTick,
        tickMs: size.tickMs,
        maxTicks: Math.ceil((4 * size.stepMs) / size.tickMs),
        maxMs: 4 * size.stepMs + 120000,
      });
      let scaled = 0;
      // 1 instance, then 3, then 1 again, a step apart.
      await sleep(size.stepMs);
      for (const slot of [1, 2]) {
        log(`scaling up: income-continuity[${String(slot)}]`);
        // Scaling up under load may fail to start (then tried again, as an orchestrator would).
        if (await watch.startRetrying(slot)) scaled += 1;
      }
      await sleep(size.stepMs);
      for (const slot of [2, 1]) {
        log(`scaling down: income-continuity[${String(slot)}]`);
        await watch.stop(slot);
        scaled += 1;
      }
      const lastStepAt = Date.now();
      await sleep(size.stepMs);
      await flow.stop();
      log(`${String(flow.stories.length)} stories produced; waiting for the group to catch up`);

      // No partition stalled: the group's committed offsets reach the end of every partition.
      const lag = await lagWithin(
        kafka,
        groupId,
        topics,
        lastStepAt + size.recoveryLimitS * 1000,
        ledger.settled,
      );
      const recoverySeconds = recoveredAfter(lag, lastStepAt);
      const stories = flow.stories;
      const found = await ledger.invariants({
        trialEndIds: stories.map((s) => s.ended.id),
        placementIds: stories.map((s) => s.placementId),
      });
      const consumed = await ledger.consumed(stories.flatMap((s) => [s.started.id, s.ended.id]));
      if (found.outOfOrder > 0)
        for (const line of await outOfOrderSample(group.database.url)) log(`out of order: ${line}`);
      const parked = await messagesOn(kafka, deadLetterTopic);
      const stored = await deadLetterSummary(group.database.url);
      log(`dead-letter store: ${JSON.stringify(stored.byStatus)}`);
      const slow = countLogLines(watch.processes, 'fault injection: slow handler');
      const redelivered = watch.processes.reduce(
        (n, p) => n + p.logs.filter((l) => l.msg === 'event consumed' && l.outcome === 'duplicate').length,
        0,
      );
      log(
        `slow handlers ${String(slow)}, redeliveries absorbed ${String(redelivered)}, lag ${String(lag)}, ` +
          `consumed ${String(consumed)} / ${String(2 * stories.length)}`,
      );

      check.atLeast('slow handlers (longer than the session timeout) that ran', slow, 1);
      check.equal('scaling steps done (1→3→1)', scaled, 4);
      checkIncomeInvariants(check, found, stories.length);
      check.equal('messages on the dead-letter topic', parked, 0);
      check.equal('dead letters still open (parked or held) in the store', stored.open, 0);
      check.equal('instances crashed', watch.crashes(), 0);
      check.equal(
        `consumer lag ${String(size.recoveryLimitS)} s after the last scaling step (a stalled partition)`,
        lag,
        0,
      );
      return {
        counts: {
          trialEnds: stories.length,
          reopenings: found.reopenings,
          slow_handlers: slow,
          redelivered,
          scaling_steps: scaled,
          crashes: watch.crashes(),
          failedStarts: watch.failedStarts(),
          resentBatches: producer.resends(),
          dead_letters_stored: stored.total,
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
