// Scenario 3 of issue 9: "Relay crash between broker acknowledgement and marking the row
// published: duplicates on the topic allowed, effects exactly once." trial-period runs with
// RELAIS_FAULTS relayCrashAfterAck, so it SIGKILLs itself after the broker acknowledged a batch
// and before its rows are marked: on restart the relay publishes them again, under the same
// event ids. A supervisor restarts it each time (even when it dies before being ready), officers
// end trials through its API meanwhile, and income-continuity must reopen each income once.
import { TOPICS } from '@relais/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { placementStory } from '../lib/events.ts';
import { checkIncomeInvariants, incomeLedger, incomeTopics } from '../lib/income.ts';
import { lagWithin, messagesOn, recoveredAfter, reliableProducer } from '../lib/kafka.ts';
import { Criteria, type ChaosScenario } from '../lib/scenario.ts';
import { startChaosMessaging, startServiceGroup, type ServiceGroup } from '../lib/services.ts';
import { supervise, type Supervisor } from '../lib/supervisor.ts';
import { countOf, eventsOnTopic } from '../lib/topic-events.ts';
import {
  Availability,
  driveOutcomes,
  type OutcomeRun,
  endCommand,
  openTrials,
  QUIET_JOBS_ENV,
  trialLedger,
} from '../lib/trial-period.ts';

const SIZES = {
  small: { trials: 60, wave: 3, maxRestarts: 80, openTimeoutS: 120, driveTimeoutS: 300, recoveryLimitS: 120 },
  full: {
    trials: 2000,
    wave: 20,
    maxRestarts: 600,
    openTimeoutS: 300,
    driveTimeoutS: 1800,
    recoveryLimitS: 300,
  },
} as const;

/** The fault the issue names: a crash after 30 % of the acknowledged batches. */
const FAULTS = JSON.stringify({ relayCrashAfterAck: 0.3 });

export const relayCrash: ChaosScenario = {
  name: 'relay-crash',
  title:
    'relay killed between the broker’s ack and marking rows: duplicates on the topic, effects exactly once',
  async run({ scale, servers, workDir, log }) {
    const size = SIZES[scale];
    const tenantId = uuidv7();
    const { broker, messaging, kafka } = await startChaosMessaging(workDir, log, 'chaos-relay-crash');
    const closing: (() => Promise<unknown>)[] = [() => broker.close()];
    let supervisor: Supervisor | undefined;
    const check = new Criteria();
    try {
      const income: ServiceGroup = await startServiceGroup({
        name: 'income-continuity',
        instances: 1,
        ...servers,
        messaging,
      });
      closing.unshift(() => income.close());
      // No outbox row yet: the first start cannot crash; every later start may.
      const trial: ServiceGroup = await startServiceGroup({
        name: 'trial-period',
        instances: 1,
        ...servers,
        messaging,
        env: { ...QUIET_JOBS_ENV, RELAIS_FAULTS: FAULTS },
        // It may kill itself before it is ready: its supervisor must hear of it at once.
      });
      closing.unshift(() => trial.close());
      const trials = trialLedger(trial.database.url);
      closing.unshift(() => trials.close());
      const ledger = incomeLedger(income.database.url);
      closing.unshift(() => ledger.close());
      const producer = await reliableProducer(kafka, messaging.prefix);
      closing.unshift(() => producer.close());

      const stories = Array.from({ length: size.trials }, () => placementStory(tenantId, uuidv7(), 0));
      const trialIds = await openTrials({
        producer,
        ledger: trials,
        stories,
        batch: 200,
        timeoutMs: size.openTimeoutS * 1000,
      });
      log(`${String(trialIds.length)} trials open in trial-period`);

      // The port stays the slot's across restarts.
      const url = trial.instance(0).url;
      const availability = new Availability();
      supervisor = supervise(trial, 0, { availability, maxRestarts: size.maxRestarts, log });
      // Waves of a few commands, each published before the next: many small relay batches, each
      // with its 30 % chance of a crash (20 batches or more: a run without one is below 0.1 %).
      const targets = stories.map((s, i) => ({ trialPeriodId: trialIds[i] ?? '', body: endCommand(s) }));
      const driveDeadline = Date.now() + size.driveTimeoutS * 1000;
      const run: OutcomeRun = {
        history: [],
        answered: [],
        alreadyEnded: 0,
        retried: 0,
        unanswered: 0,
        unexpected: [],
      };
      for (let w = 0; w * size.wave < targets.length && Date.now() < driveDeadline; w++) {
        const wave = await driveOutcomes({
          url,
          tenantId,
          targets: targets.slice(w * size.wave, (w + 1) * size.wave),
          concurrency: size.wave,
          availability,
          deadlineMs: Math.max(1000, driveDeadline - Date.now()),
        });
        run.history.push(...wave.history);
        run.answered.push(...wave.answered);
        run.unexpected.push(...wave.unexpected);
        run.alreadyEnded += wave.alreadyEnded;
        run.retried += wave.retried;
        run.unanswered += wave.unanswered;
        while ((await trials.unpublished()) > 0 && Date.now() < driveDeadline) await sleep(50);
      }
      run.unanswered += targets.length - run.history.length;
      log(
        `${String(run.answered.length)} answered 2xx, ${String(run.alreadyEnded)} already ended on retry, ${String(run.retried)} retries, ${String(supervisor.exits())} crashes so far`,
      );

      // Caught up: every row published (the supervisor restarts the relay as often as it crashes)
      // and income-continuity's group at the end of trial-period's topic.
      const deadline = Date.now() + size.recoveryLimitS * 1000;
      let unpublished = await trials.unpublished();
      while (unpublished > 0 && Date.now() < deadline) {
        await sleep(250);
        unpublished = await trials.unpublished();
      }
      await supervisor.stop();
      const crashes = supervisor.exits();
      const lastCrashAt = supervisor.lastExitAt() ?? Date.now();
      supervisor = undefined;
      const endIds = await trials.endEventIds();
      const { groupId, topics, deadLetterTopic } = incomeTopics(messaging.prefix);
      const lag = await lagWithin(
        kafka,
        groupId,
        topics,
        deadline,
        async () => (await ledger.consumed(endIds)) === endIds.length && (await ledger.settled()),
      );
      const recoverySeconds = recoveredAfter(lag, lastCrashAt);

      const owned = await trials.invariants({ all: trialIds, answered: run.answered });
      const found = await ledger.invariants({
        trialEndIds: endIds,
        placementIds: stories.map((s) => s.placementId),
      });
      const onTopic = countOf(await eventsOnTopic(kafka, TOPICS.trialPeriod, messaging.prefix), 'TrialEnded');
      const parked = await messagesOn(kafka, deadLetterTopic);
      log(
        `${String(onTopic.messages)} TrialEnded on the topic for ${String(onTopic.distinct)} event ids; ${String(found.reopenings)} reopenings`,
      );

      check.atLeast('relay crashes (the fault happened)', crashes, 1);
      check.atLeast(
        'TrialEnded published more than once (duplicates on the topic)',
        onTopic.messages - onTopic.distinct,
        1,
      );
      check.equal('commands left without a final answer', run.unanswered, 0);
      check.equal('unexpected answers', run.unexpected.length, 0);
      check.equal('trials not ended at the end', owned.notEnded, 0);
      check.equal(
        'ended trials with other than one TrialEnded outbox row',
        owned.endedWithoutRow + owned.trialsWithManyRows + owned.rowsWithoutEnd,
        0,
      );
      check.equal('outbox rows not published after recovery', unpublished, 0);
      check.equal('distinct TrialEnded event ids on the topic', onTopic.distinct, size.trials);
      checkIncomeInvariants(check, found, size.trials);
      check.equal('messages on the dead-letter topic', parked, 0);
      check.equal('consumer lag after recovery', lag, 0);
      return {
        counts: {
          trials: size.trials,
          crashes,
          answered: run.answered.length,
          alreadyEnded: run.alreadyEnded,
          retried: run.retried,
          endsOnTopic: onTopic.messages,
          distinctEnds: onTopic.distinct,
          reopenings: found.reopenings,
        },
        lost: found.lost,
        duplicates: found.duplicates,
        parked,
        recoverySeconds,
        failures: check.failures,
      };
    } finally {
      await supervisor?.stop().catch(() => undefined);
      for (const close of closing) await close().catch(() => undefined);
    }
  },
};
