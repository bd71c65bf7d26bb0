// Scenario 5 of issue 9: poison among good events, sent by an independent client (Kafka's own
// console producer). Every bad message is parked with its reason, the consumer never restarts,
// the good events are all applied, a person's events behind a bad one are held (not applied out
// of order) until the operator discards it, and nothing of the payloads reaches the logs.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TOPICS, topicName, TrialEndedV1 } from '@relais/contracts';
import { authHeaders, type ServiceProcess } from '@relais/testing';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { consoleProduce, type RawRecord } from '../lib/console-producer.ts';
import { byPerson, placementStory, type PlacementStory } from '../lib/events.ts';
import { incomeLedger, incomeTopics } from '../lib/income.ts';
import { lagWithin, messagesOn, reliableProducer } from '../lib/kafka.ts';
import { Criteria, type ChaosScenario } from '../lib/scenario.ts';
import { startChaosMessaging, startServiceGroup } from '../lib/services.ts';

const SIZES = {
  small: { persons: 150, bad: 16, holding: 3, waitMs: 15000, timeoutMs: 180000 },
  full: { persons: 5000, bad: 50, holding: 10, waitMs: 30000, timeoutMs: 900000 },
} as const;

/** Each kind of poison of the issue, as another system would send it; `canary` is in every payload. */
const KINDS = [
  'malformed_json',
  'schema_invalid',
  'unknown_type',
  'future_version',
  'two_megabytes',
  'missing_tenant',
  'wrong_tenant',
  'unknown_person',
] as const;
type Kind = (typeof KINDS)[number];

/** The reason each kind must be parked with. */
const EXPECTED_REASON: Record<Kind, string> = {
  malformed_json: 'malformed_json',
  schema_invalid: 'invalid_data',
  unknown_type: 'unknown_event_type',
  future_version: 'unknown_event_type',
  two_megabytes: 'message_too_large',
  missing_tenant: 'invalid_envelope',
  wrong_tenant: 'rejected_by_handler',
  unknown_person: 'rejected_by_handler',
};

/** A bad message of `kind` about `story`'s person, carrying `canary` somewhere in its bytes. */
const poison = (kind: Kind, story: PlacementStory, canary: string): string => {
  const ended = { ...story.ended, id: uuidv7() };
  switch (kind) {
    case 'malformed_json':
      return `{"type":"TrialEnded","note":"${canary}",`;
    case 'schema_invalid':
      return JSON.stringify({ ...ended, data: { ...ended.data, lastWorkedDay: canary } });
    case 'unknown_type':
      return JSON.stringify({ ...ended, type: 'TrialRestarted', data: { ...ended.data, note: canary } });
    case 'future_version':
      return JSON.stringify({
        ...ended,
        version: TrialEndedV1.version + 7,
        data: { ...ended.data, note: canary },
      });
    case 'two_megabytes':
      return JSON.stringify({
        ...ended,
        data: { ...ended.data, note: `${canary}${'x'.repeat(2 * 1024 * 1024)}` },
      });
    case 'missing_tenant':
      // JSON leaves out an undefined field: the envelope has no tenant at all.
      return JSON.stringify({
        ...ended,
        tenantId: undefined,
        data: { ...ended.data, officerAnalysis: canary },
      });
    case 'wrong_tenant':
      return JSON.stringify({
        ...ended,
        tenantId: uuidv7(),
        data: { ...ended.data, officerAnalysis: canary },
      });
    case 'unknown_person':
      return JSON.stringify({ ...ended, data: { ...ended.data, officerAnalysis: canary } });
  }
};

interface Letter {
  readonly id: string;
  readonly status: string;
  readonly reason: string;
  readonly key: string;
}

export const poisonMix: ChaosScenario = {
  name: 'poison',
  title: 'bad messages among good ones are parked with their reason, held events wait, nothing restarts',
  async run({ scale, servers, workDir, log }) {
    const size = SIZES[scale];
    const tenantId = uuidv7();
    const { broker, messaging, kafka } = await startChaosMessaging(workDir, log, 'chaos-poison');
    const trialTopic = topicName(TOPICS.trialPeriod, messaging.prefix);
    // The topic takes the 2 MB message (its producer had to be allowed to send it); the
    // dead-letter topic keeps the broker's default, so the value stays in the database only.
    const admin = kafka.admin();
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: kafkajs.ConfigResourceTypes.TOPIC,
          name: trialTopic,
          configEntries: [{ name: 'max.message.bytes', value: String(4 * 1024 * 1024) }],
        },
      ],
    });
    await admin.disconnect();
    const group = await startServiceGroup({
      name: 'income-continuity',
      instances: 1,
      ...servers,
      messaging,
      env: { KAFKA_WAIT_FOR_PRECEDING_MS: String(size.waitMs) },
    });
    const instance: ServiceProcess = group.instance(0);
    const ledger = incomeLedger(group.database.url);
    const db = new pg.Pool({ connectionString: group.database.url, max: 2 });
    const producer = await reliableProducer(kafka, messaging.prefix);
    const check = new Criteria();
    const canaries: string[] = [];
    const canary = () => {
      const c = `CANARY-${randomBytes(6).toString('hex')}`;
      canaries.push(c);
      return c;
    };
    try {
      // Warm-up: one story through, so the group has joined. On a brand-new broker kafkajs may
      // restart its consumer once while the group coordinator loads; that is not what is watched.
      const warmUp = placementStory(tenantId, uuidv7(), 0);
      await producer.send([warmUp.started, warmUp.ended], byPerson);
      const warmDeadline = Date.now() + 60000;
      while ((await ledger.consumed([warmUp.started.id, warmUp.ended.id])) < 2 && Date.now() < warmDeadline)
        await sleep(200);
      const watchFrom = Date.now();
      const stories = Array.from({ length: size.persons }, () => placementStory(tenantId, uuidv7(), 0));
      const holding = stories.slice(0, size.holding);
      const kinds = Array.from({ length: size.bad }, (_, i) => KINDS[i % KINDS.length] ?? 'malformed_json');
      // 1. Bad messages keyed by persons whose events follow them: those must be held, not applied.
      const heldKinds: Kind[] = ['malformed_json', 'schema_invalid'];
      const first: RawRecord[] = holding.map((s, i) => ({
        key: s.personId,
        value: poison(heldKinds[i % heldKinds.length] ?? 'malformed_json', s, canary()),
      }));
      await consoleProduce(broker.brokers, trialTopic, first);
      // 2. The good events, 2 per person (start and trial end), by our own producer.
      for (let b = 0; b < stories.length; b += 200)
        await producer.send(
          stories.slice(b, b + 200).flatMap((s) => [s.started, s.ended]),
          byPerson,
        );
      // 3. The other bad messages, each keyed by a person of its own (a wrong CPAS: by the person
      // it names, whose events are all in by then), through the console producer again.
      const rest = kinds.slice(holding.length);
      const others: RawRecord[] = rest.map((kind, i) => {
        const named = kind === 'wrong_tenant' ? stories[size.holding + i] : undefined;
        const story = named ?? placementStory(tenantId, uuidv7(), 0);
        return { key: story.personId, value: poison(kind, story, canary()) };
      });
      const sentKinds: Kind[] = [
        ...holding.map((_, i) => heldKinds[i % heldKinds.length] ?? 'malformed_json'),
        ...rest,
      ];
      await consoleProduce(broker.brokers, trialTopic, others);
      log(`produced ${String(stories.length * 2)} good and ${String(size.bad)} bad messages`);

      const letters = async (): Promise<Letter[]> =>
        (
          await db.query<Letter>(
            'SELECT id, status, reason, message_key AS key FROM dead_letters ORDER BY seq',
          )
        ).rows;
      const deadline = Date.now() + size.timeoutMs;
      let seen = await letters();
      while (seen.filter((l) => l.status === 'parked').length < size.bad && Date.now() < deadline) {
        await sleep(500);
        seen = await letters();
      }
      const parked = seen.filter((l) => l.status === 'parked');
      const held = seen.filter((l) => l.status === 'held');
      const heldPersons = new Set(held.map((l) => l.key));
      check.equal('messages parked with a reason', parked.filter((l) => l.reason !== '').length, size.bad);
      const byReason = (reason: string) => parked.filter((l) => l.reason === reason).length;
      for (const reason of new Set(Object.values(EXPECTED_REASON)))
        check.equal(
          `parked as ${reason}`,
          byReason(reason),
          sentKinds.filter((k) => EXPECTED_REASON[k] === reason).length,
        );
      check.holds(
        'every person with a bad message before their events has their trial end held',
        holding.every((s) => heldPersons.has(s.personId)),
      );
      const beforeRelease = await ledger.invariants({
        trialEndIds: stories.slice(size.holding).map((s) => s.ended.id),
        placementIds: stories.slice(size.holding).map((s) => s.placementId),
      });
      check.equal(
        'good events of other persons applied while poison is parked (lost)',
        beforeRelease.lost,
        0,
      );
      check.equal(
        'reopenings before the operator acts (the warm-up’s among them)',
        beforeRelease.reopenings - 1,
        size.persons - size.holding,
      );

      // The operator discards the bad message in front of each held person; the held ones follow, in order.
      const operator = await authHeaders({ tenantId, roles: 'platform_operator' });
      for (const letter of parked.filter((l) => heldPersons.has(l.key))) {
        const res = await fetch(`${instance.url}/dead-letters/${letter.id}/discard`, {
          method: 'POST',
          headers: { ...operator, 'content-type': 'application/json' },
          body: JSON.stringify({ reason: 'garbled by the sending system; it resent the event' }),
        });
        check.equal(`discard of ${letter.id} answered`, res.status, 200);
      }
      // Replaying all the rest changes nothing: they are still bad.
      const again = await fetch(`${instance.url}/dead-letters/replay`, {
        method: 'POST',
        headers: { ...operator, 'content-type': 'application/json' },
        body: '{}',
      });
      check.equal('replay of every parked letter answered', again.status, 200);

      const { groupId, topics, deadLetterTopic } = incomeTopics(messaging.prefix);
      const lag = await lagWithin(kafka, groupId, topics, deadline);
      const found = await ledger.invariants({
        trialEndIds: stories.map((s) => s.ended.id),
        placementIds: stories.map((s) => s.placementId),
      });
      const final = await letters();
      check.equal(
        'reopenings (one per good trial end, and the warm-up’s)',
        found.reopenings - 1,
        size.persons,
      );
      check.equal('lost', found.lost, 0);
      check.equal('duplicate effects', found.duplicates, 0);
      check.equal('still held after the release', final.filter((l) => l.status === 'held').length, 0);
      check.equal(
        'parked after the release (every bad one but those discarded)',
        final.filter((l) => l.status === 'parked').length,
        size.bad - heldPersons.size,
      );
      check.equal('consumer lag', lag, 0);
      const crashLines = instance.logs.filter(
        (l) => Number(l.time) >= watchFrom && /Crash|Restarting the consumer/.test(String(l.msg)),
      );
      for (const line of crashLines) log(`consumer trouble: ${JSON.stringify(line).slice(0, 800)}`);
      const restarts = crashLines.length;
      check.equal('consumer crashes or restarts', restarts, 0);
      const logText = JSON.stringify(instance.logs);
      check.equal(
        'payload canaries found in the logs',
        canaries.filter((c) => logText.includes(c)).length,
        0,
      );
      const onTopic = await messagesOn(kafka, deadLetterTopic);
      check.atLeast('messages on the dead-letter topic (parked and held)', onTopic, size.bad + held.length);
      return {
        counts: {
          good: stories.length * 2,
          bad: size.bad,
          held: held.length,
          reopenings: found.reopenings,
          discarded: heldPersons.size,
          deadLetterTopic: onTopic,
        },
        lost: found.lost,
        duplicates: found.duplicates,
        parked: parked.length,
        recoverySeconds: null,
        failures: check.failures,
      };
    } finally {
      await producer.close();
      await db.end();
      await ledger.close();
      await group.close();
      await broker.close();
    }
  },
};
