// Scenario 2 of issue 9: "SIGKILL the trial-period service at random moments during 10,000
// outcome commands: every 2xx answered change has exactly one outbox row and vice versa."
// Officers end trials through the API while a killer SIGKILLs the service at random moments of
// the run and restarts it; a command left without an answer is sent again after the restart
// (answered 409 when its commit had gone through). The state change, its TrialEnded row and its
// audit row share one transaction: SQL on trial-period's database must find one of each per ended
// trial, none for a trial that did not end, and the relay must publish every row.
import { DEAD_LETTER_TOPICS, TOPICS, topicName } from '@relais/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { placementStory } from '../lib/events.ts';
import { messagesOn, reliableProducer } from '../lib/kafka.ts';
import { Criteria, type ChaosScenario } from '../lib/scenario.ts';
import { startChaosMessaging, startServiceGroup } from '../lib/services.ts';
import { countOf, eventsOnTopic } from '../lib/topic-events.ts';
import {
  Availability,
  driveOutcomes,
  endCommand,
  openTrials,
  QUIET_JOBS_ENV,
  trialLedger,
} from '../lib/trial-period.ts';

const SIZES = {
  small: {
    commands: 300,
    concurrency: 8,
    kills: 4,
    openTimeoutS: 120,
    driveTimeoutS: 300,
    relayTimeoutS: 60,
  },
  full: {
    commands: 10000,
    concurrency: 16,
    kills: 25,
    openTimeoutS: 600,
    driveTimeoutS: 1800,
    relayTimeoutS: 180,
  },
} as const;

/** `count` distinct command indexes at random between 5 % and 90 % of the run, in order. */
const killPoints = (commands: number, count: number): number[] => {
  const from = Math.floor(commands * 0.05);
  const span = Math.max(1, Math.floor(commands * 0.9) - from);
  const points = new Set<number>();
  for (let i = 0; points.size < Math.min(count, span) && i < count * 100; i++)
    points.add(from + Math.floor(Math.random() * span));
  return [...points].sort((a, b) => a - b);
};

export const apiCrash: ChaosScenario = {
  name: 'api-crash',
  title: 'trial-period SIGKILLed during outcome commands: one outbox row per answered change, and vice versa',
  async run({ scale, servers, workDir, log }) {
    const size = SIZES[scale];
    const tenantId = uuidv7();
    const { broker, messaging, kafka } = await startChaosMessaging(workDir, log, 'chaos-api-crash');
    const group = await startServiceGroup({
      name: 'trial-period',
      instances: 1,
      ...servers,
      messaging,
      env: QUIET_JOBS_ENV,
    });
    const ledger = trialLedger(group.database.url);
    const producer = await reliableProducer(kafka, messaging.prefix);
    const availability = new Availability();
    const check = new Criteria();
    // Read by the killer while the commands run (an object: TypeScript does not narrow it).
    const driving = { now: true };
    let killer: Promise<void> = Promise.resolve();
    try {
      const stories = Array.from({ length: size.commands }, () => placementStory(tenantId, uuidv7(), 0));
      const trialIds = await openTrials({
        producer,
        ledger,
        stories,
        batch: 200,
        timeoutMs: size.openTimeoutS * 1000,
      });
      log(`${String(trialIds.length)} trials open in trial-period`);

      // The killer strikes when the run reaches each of its random points, a few ms into it.
      const points = killPoints(size.commands, size.kills);
      let sent = 0;
      let kills = 0;
      let lastKillAt = Date.now();
      let sentAtRestart = 0;
      const url = group.instance(0).url;
      killer = (async () => {
        for (const point of points) {
          // At its point, and never before the restarted service took a few commands.
          while (driving.now && (sent < point || sent < sentAtRestart + size.concurrency)) await sleep(5);
          if (!driving.now) return;
          await sleep(Math.random() * 30);
          availability.down();
          await group.kill(0);
          kills += 1;
          lastKillAt = Date.now();
          log(`SIGKILL trial-period at command ${String(sent)} (kill ${String(kills)})`);
          try {
            await group.start(0);
          } finally {
            sentAtRestart = sent;
            availability.up();
          }
        }
      })();
      const run = await driveOutcomes({
        url,
        tenantId,
        targets: stories.map((s, i) => ({ trialPeriodId: trialIds[i] ?? '', body: endCommand(s) })),
        concurrency: size.concurrency,
        availability,
        deadlineMs: size.driveTimeoutS * 1000,
        onSent: () => {
          sent += 1;
        },
      });
      driving.now = false;
      await killer;
      log(
        `${String(run.answered.length)} answered 2xx, ${String(run.alreadyEnded)} already ended on retry, ${String(run.retried)} retries`,
      );

      // Caught up: the relay published every row (a row committed just before a kill waits for the restart).
      const relayDeadline = Date.now() + size.relayTimeoutS * 1000;
      let unpublished = await ledger.unpublished();
      while (unpublished > 0 && Date.now() < relayDeadline) {
        await sleep(250);
        unpublished = await ledger.unpublished();
      }
      const recoverySeconds = unpublished === 0 ? Math.round((Date.now() - lastKillAt) / 100) / 10 : null;

      const found = await ledger.invariants({ all: trialIds, answered: run.answered });
      const outboxIds = await ledger.endEventIds();
      const onTopic = await eventsOnTopic(kafka, TOPICS.trialPeriod, messaging.prefix);
      const topicIds = new Set(onTopic.map((e) => e.id));
      const notOnTopic = outboxIds.filter((id) => !topicIds.has(id)).length;
      const topicCount = countOf(onTopic, 'TrialEnded');
      const parked = await messagesOn(kafka, topicName(DEAD_LETTER_TOPICS.trialPeriod, messaging.prefix));
      const lost = found.answeredNotEnded + found.endedWithoutRow + notOnTopic;

      check.atLeast('kills', kills, Math.min(size.kills, 3));
      check.equal('commands left without a final answer', run.unanswered, 0);
      check.equal('unexpected answers', run.unexpected.length, 0);
      for (const u of run.unexpected.slice(0, 5)) check.holds(`unexpected answer: ${u}`, false);
      check.equal(
        'commands answered (2xx, or 409 on the retry of a lost answer)',
        run.answered.length + run.alreadyEnded,
        size.commands,
      );
      check.equal('trials answered 2xx but not ended', found.answeredNotEnded, 0);
      check.equal('trials not ended at the end', found.notEnded, 0);
      check.equal('ended trials without a TrialEnded outbox row', found.endedWithoutRow, 0);
      check.equal('trials with more than one TrialEnded outbox row', found.trialsWithManyRows, 0);
      check.equal('TrialEnded outbox rows of a trial not ended', found.rowsWithoutEnd, 0);
      check.equal('TrialEnded outbox rows', found.endRows, size.commands);
      check.equal('outbox rows not published after recovery', unpublished, 0);
      // The audit row is committed with the outcome: a kill between the COMMIT and the answer
      // cannot leave an ended trial unaccounted for, and a retried command (409) adds none.
      check.equal('ended trials without the audit row of their outcome', found.endedWithoutAudit, 0);
      check.equal('trials with more than one outcome audit row', found.trialsWithManyAudits, 0);
      check.equal('published TrialEnded missing from the topic', notOnTopic, 0);
      check.equal('messages on the dead-letter topic', parked, 0);
      return {
        counts: {
          commands: size.commands,
          kills,
          answered: run.answered.length,
          alreadyEnded: run.alreadyEnded,
          retried: run.retried,
          ended: found.ended,
          endRows: found.endRows,
          endedWithoutAudit: found.endedWithoutAudit,
          onTopic: topicCount.messages,
        },
        lost,
        duplicates: found.trialsWithManyRows,
        parked,
        recoverySeconds,
        failures: check.failures,
      };
    } finally {
      driving.now = false;
      await killer.catch(() => undefined);
      await producer.close();
      await ledger.close();
      await group.close();
      await broker.close();
    }
  },
};
