// Scenario 4 of issue 9: "Reset a consumer group to the earliest offset and re-consume
// everything; re-emit 100 TrialEnded with new ids for already-ended trials: 0 new effects, each
// recorded as an ignored duplicate fact." income-continuity consumes starts and trial ends; its
// instances are stopped, the group is reset to the earliest offsets with the Kafka admin API (as
// an operator replaying a topic would), the instances start again and read everything twice:
// the inbox absorbs the same event ids. Then trial ends already applied are announced again
// under new event ids (a producer re-emitting facts): the handler finds the placement's
// reopening and records the event as an ignored duplicate, with no new effect.
import { v7 as uuidv7 } from 'uuid';
import {
  changedCounts,
  counterSum,
  inboxWithOutcome,
  INCOME_EFFECT_TABLES,
  rowCounts,
} from '../lib/effects.ts';
import { byPerson, placementStory, type PlacementStory } from '../lib/events.ts';
import { resetGroupToEarliest } from '../lib/group-reset.ts';
import { QUIET_JOBS_ENV } from '../lib/trial-period.ts';
import { incomeLedger, incomeTopics } from '../lib/income.ts';
import { consumerLag, lagWithin, messagesOn, reliableProducer } from '../lib/kafka.ts';
import { Criteria, type ChaosScenario } from '../lib/scenario.ts';
import { startChaosMessaging, startServiceGroup } from '../lib/services.ts';

const SIZES = {
  small: { persons: 20, rounds: 2, reemitted: 20, instances: 1, batch: 40, timeoutS: 120 },
  full: { persons: 500, rounds: 3, reemitted: 100, instances: 2, batch: 200, timeoutS: 300 },
} as const;

export const replay: ChaosScenario = {
  name: 'replay',
  title:
    'group reset to earliest and TrialEnded re-emitted under new ids: no new effect, duplicates recorded',
  async run({ scale, servers, workDir, log }) {
    const size = SIZES[scale];
    const tenantId = uuidv7();
    const { broker, messaging, kafka } = await startChaosMessaging(workDir, log, 'chaos-replay');
    const group = await startServiceGroup({
      name: 'income-continuity',
      instances: size.instances,
      ...servers,
      messaging,
      // The stories' placements ended in 2025: every outcome check (3, 6, 12 months) is due, and
      // its announcement would be a new outbox row while the replay must add none.
      env: QUIET_JOBS_ENV,
    });
    const ledger = incomeLedger(group.database.url);
    const producer = await reliableProducer(kafka, messaging.prefix);
    const { groupId, topics, deadLetterTopic } = incomeTopics(messaging.prefix);
    const check = new Criteria();
    const slots = Array.from({ length: size.instances }, (_, i) => i);

    /** Waits (bounded) until `ids` are in the inbox and the group has committed everything. */
    const caughtUp = (ids: readonly string[]): Promise<number> =>
      lagWithin(
        kafka,
        groupId,
        topics,
        Date.now() + size.timeoutS * 1000,
        async () => (await ledger.consumed(ids)) === ids.length && (await ledger.settled()),
      );
    /** Messages the running instances skipped as already in their inbox, since they started. */
    const redelivered = async (): Promise<number> => {
      let n = 0;
      for (const i of group.running()) {
        const text = await (await fetch(`${group.instance(i).url}/metrics`)).text();
        n += counterSum(text, 'relais_consumer_events_total', { group: groupId, outcome: 'duplicate' });
      }
      return n;
    };

    try {
      // Each person's placements one after the other (rounds 40 days apart), round by round.
      const persons = Array.from({ length: size.persons }, () => uuidv7());
      const stories: PlacementStory[] = [];
      for (let round = 0; round < size.rounds; round++)
        for (const personId of persons) stories.push(placementStory(tenantId, personId, round));
      const events = stories.flatMap((s) => [s.started, s.ended]);
      for (let b = 0; b * size.batch < events.length; b++)
        await producer.send(events.slice(b * size.batch, (b + 1) * size.batch), byPerson);
      const firstLag = await caughtUp(events.map((e) => e.id));
      check.equal('consumer lag after the first pass', firstLag, 0);
      const before = await rowCounts(group.database.url, INCOME_EFFECT_TABLES);
      log(`first pass: ${JSON.stringify(before)}`);

      // The replay: every instance stopped (the group empty), offsets back to the start, restart.
      for (const i of slots) await group.stop(i);
      const toReplay = await resetGroupToEarliest(kafka, groupId, topics);
      const lagAfterReset = await consumerLag(kafka, groupId, topics);
      log(`group reset to earliest: ${String(lagAfterReset)} messages to consume again`);
      const restartedAt = Date.now();
      for (const i of slots) await group.start(i);
      const replayLag = await caughtUp([]);
      const recoverySeconds = replayLag === 0 ? Math.round((Date.now() - restartedAt) / 100) / 10 : null;
      const replayed = await redelivered();
      const afterReplay = await rowCounts(group.database.url, INCOME_EFFECT_TABLES);
      log(`replayed: ${String(replayed)} redelivered messages skipped; ${JSON.stringify(afterReplay)}`);

      // The re-emission: trial ends already applied, announced again under new event ids.
      const step = Math.max(1, Math.floor(stories.length / size.reemitted));
      const again = stories
        .filter((_, i) => i % step === 0)
        .slice(0, size.reemitted)
        .map((s) => ({ ...s.ended, id: uuidv7(), occurredAt: new Date().toISOString() }));
      await producer.send(again, byPerson);
      const newIds = again.map((e) => e.id);
      const reemitLag = await caughtUp(newIds);
      const afterReemit = await rowCounts(group.database.url, INCOME_EFFECT_TABLES);
      const consumedAgain = await ledger.consumed(newIds);
      let ignored = 0;
      try {
        ignored = await inboxWithOutcome(group.database.url, newIds, 'ignored_duplicate');
      } catch (error) {
        check.holds(error instanceof Error ? error.message : String(error), false);
      }
      log(`re-emitted ${String(again.length)}: ${String(ignored)} recorded as ignored duplicates`);

      const found = await ledger.invariants({
        trialEndIds: stories.map((s) => s.ended.id),
        placementIds: stories.map((s) => s.placementId),
      });
      const parked = await messagesOn(kafka, deadLetterTopic);
      check.equal('reopenings after the first pass', before.income_reopenings ?? 0, stories.length);
      check.equal('messages to consume again after the reset', lagAfterReset, toReplay);
      check.equal('messages to consume again after the reset (all events)', toReplay, events.length);
      check.equal('consumer lag after the replay', replayLag, 0);
      check.atLeast('redelivered messages skipped by the inbox', replayed, events.length);
      for (const change of changedCounts(before, afterReplay)) check.holds(`replay changed ${change}`, false);
      check.equal('consumer lag after the re-emission', reemitLag, 0);
      check.equal('re-emitted events consumed', consumedAgain, again.length);
      for (const change of changedCounts(afterReplay, afterReemit, { inbox: again.length }))
        check.holds(`re-emission changed ${change}`, false);
      check.equal('re-emitted events recorded as ignored duplicates', ignored, again.length);
      check.equal('lost (acknowledged events without effect)', found.lost, 0);
      check.equal('duplicate effects', found.duplicates, 0);
      check.equal('messages on the dead-letter topic', parked, 0);
      const newEffects = INCOME_EFFECT_TABLES.filter((t) => t !== 'inbox').reduce(
        (n, t) => n + Math.max(0, (afterReemit[t] ?? 0) - (before[t] ?? 0)),
        0,
      );
      return {
        counts: {
          events: events.length,
          reopenings: found.reopenings,
          replayed,
          reemitted: again.length,
          ignoredDuplicates: ignored,
          newEffects,
        },
        lost: found.lost,
        duplicates: found.duplicates,
        parked,
        recoverySeconds,
        failures: check.failures,
      };
    } finally {
      await producer.close();
      await ledger.close();
      await group.close();
      await broker.close();
    }
  },
};
