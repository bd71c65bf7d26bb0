// Scenario 1 of issue 9, the promise itself: "your income is reopened, once, from the right
// day, whatever happens to our servers". Not-conclusive trial ends for many persons, several
// placements each, while the broker is restarted twice (SIGTERM, then SIGKILL) and one of three
// income-continuity instances is killed in the middle of its work.
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { byPerson, placementStory, type PlacementStory } from '../lib/events.ts';
import { checkIncomeInvariants, incomeLedger, incomeTopics } from '../lib/income.ts';
import { lagWithin, messagesOn, recoveredAfter, reliableProducer } from '../lib/kafka.ts';
import { Criteria, type ChaosScenario } from '../lib/scenario.ts';
import { startChaosMessaging, startServiceGroup } from '../lib/services.ts';

const SIZES = {
  small: { persons: 60, rounds: 3, batch: 30, recoveryLimitS: 90 },
  full: { persons: 2000, rounds: 5, batch: 200, recoveryLimitS: 180 },
} as const;

type Fault = 'broker_sigterm' | 'instance_sigkill' | 'broker_sigkill';

/** The fault injected in the middle of each round (rounds past the third run undisturbed). */
const FAULTS: readonly (Fault | null)[] = ['broker_sigterm', 'instance_sigkill', 'broker_sigkill'];

export const headline: ChaosScenario = {
  name: 'headline',
  title: 'trial ends reopen the income exactly once through broker restarts and a killed consumer',
  async run({ scale, servers, workDir, log }) {
    const size = SIZES[scale];
    const tenantId = uuidv7();
    const { broker, messaging, kafka } = await startChaosMessaging(workDir, log, 'chaos-headline');
    const group = await startServiceGroup({
      name: 'income-continuity',
      instances: 3,
      ...servers,
      messaging,
    });
    const ledger = incomeLedger(group.database.url);
    const producer = await reliableProducer(kafka, messaging.prefix);
    const persons = Array.from({ length: size.persons }, () => uuidv7());
    const stories: PlacementStory[] = [];
    const faults: Record<Fault, number> = { broker_sigterm: 0, instance_sigkill: 0, broker_sigkill: 0 };
    let lastFaultAt = Date.now();
    const check = new Criteria();
    try {
      for (let round = 0; round < size.rounds; round++) {
        const wave = persons.map((personId) => placementStory(tenantId, personId, round));
        stories.push(...wave);
        const fault = FAULTS[round] ?? null;
        const halfway = Math.floor(wave.length / size.batch / 2);
        for (let b = 0; b * size.batch < wave.length; b++) {
          const slice = wave.slice(b * size.batch, (b + 1) * size.batch);
          // A person's start and trial end travel on two topics; the service takes them in either order.
          await producer.send(
            slice.flatMap((s) => [s.started, s.ended]),
            byPerson,
          );
          if (b !== halfway || fault === null) continue;
          if (fault === 'instance_sigkill') {
            // Mid-batch: the instance is killed while it applies this round's events.
            await sleep(150);
            log(`round ${String(round)}: SIGKILL income-continuity[1]`);
            await group.kill(1);
            faults.instance_sigkill += 1;
          } else {
            log(`round ${String(round)}: broker ${fault}`);
            await broker.restart(fault === 'broker_sigterm' ? 'SIGTERM' : 'SIGKILL', 1000);
            faults[fault] += 1;
          }
          lastFaultAt = Date.now();
        }
        if (fault === 'instance_sigkill') {
          // Back after its session expired: a second rebalance gives it its partitions again.
          await sleep(7000);
          await group.start(1);
          lastFaultAt = Date.now();
          log(`round ${String(round)}: income-continuity[1] restarted`);
        }
        const ids = wave.flatMap((s) => [s.started.id, s.ended.id]);
        const deadline = Date.now() + size.recoveryLimitS * 1000 * 2;
        while ((await ledger.consumed(ids)) < ids.length && Date.now() < deadline) await sleep(250);
        log(`round ${String(round)}: ${String(await ledger.consumed(ids))} / ${String(ids.length)} consumed`);
      }
      // Caught up: every event in, and the group's committed offsets at the end of the topics.
      const { groupId, topics, deadLetterTopic } = incomeTopics(messaging.prefix);
      const lag = await lagWithin(
        kafka,
        groupId,
        topics,
        lastFaultAt + size.recoveryLimitS * 1000,
        ledger.settled,
      );
      const recoverySeconds = recoveredAfter(lag, lastFaultAt);
      const found = await ledger.invariants({
        trialEndIds: stories.map((s) => s.ended.id),
        placementIds: stories.map((s) => s.placementId),
      });
      const parked = await messagesOn(kafka, deadLetterTopic);
      checkIncomeInvariants(check, found, stories.length);
      check.equal('messages on the dead-letter topic', parked, 0);
      check.equal('consumer lag after recovery', lag, 0);
      return {
        counts: {
          persons: persons.length,
          trialEnds: stories.length,
          starts: stories.length,
          reopenings: found.reopenings,
          resentBatches: producer.resends(),
          ...faults,
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
