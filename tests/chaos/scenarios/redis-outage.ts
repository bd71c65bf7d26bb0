// Scenario 8 of issue 9: Redis goes away. The signed-in edge keeps its sessions, sign-in rate
// limits and unknown-email locks there; placement runs scheduled jobs on two instances. While
// a private Redis is down (SIGKILL, and SIGTERM at full scale), sign-in and requests with a
// session get a clear 503 problem at once (never a hang, never a bare 500), no password is tried
// (lockout counters stay put), the edge's readiness names redis while placement's stays 200 (it
// keeps nothing there); the jobs, which lock their work in
// PostgreSQL (FOR UPDATE SKIP LOCKED, no Redis lock), keep going and start no contract twice.
// Redis back, sign-in works again within a bound and the per-address limit answers 429 again.
import { testTokenKeys, uniquePrefix, type ServiceProcess } from '@relais/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChaosBroker } from '../lib/broker.ts';
import { dueContracts } from '../lib/due-contracts.ts';
import { DEMO_PASSWORD, askEdge, isUnavailablePage, isUnavailableProblem, signInAt } from '../lib/edge.ts';
import { countLogLines } from '../lib/logs.ts';
import { startPrivateRedis } from '../lib/redis.ts';
import { Criteria, type ChaosScenario, type Scale } from '../lib/scenario.ts';
import { prepareTopics, startServiceGroup } from '../lib/services.ts';

type Fault = 'SIGKILL' | 'SIGTERM';

interface Size {
  /** Contracts made due before, during each outage, and after. */
  readonly perWave: number;
  /** How long each outage lasts. */
  readonly downMs: number;
  /** Pause between the probes (a sign-in, a session's request, a page) while Redis is down. */
  readonly probeEveryMs: number;
  /** The edge's SIGN_IN_RATE_PER_IP. */
  readonly ratePerIp: number;
  /** How Redis goes down, one outage each. */
  readonly faults: readonly Fault[];
}

const SIZES: Record<Scale, Size> = {
  small: { perWave: 20, downMs: 8000, probeEveryMs: 250, ratePerIp: 6, faults: ['SIGKILL'] },
  full: { perWave: 200, downMs: 30000, probeEveryMs: 100, ratePerIp: 30, faults: ['SIGKILL', 'SIGTERM'] },
};

/** Longest acceptable answer while Redis is down: the edge refuses at once, it does not wait. */
const ANSWER_LIMIT_MS = 3000;
/** A request still unanswered after this is a hang. */
const HANG_MS = 15000;
/** Redis back → a sign-in that works (the client reconnects with a backoff capped at 5 s). */
const RECOVERY_LIMIT_S = 20;
/** Readiness follows Redis within this (its checks are bounded by 2 s). */
const READINESS_LIMIT_MS = 10000;
/** Every contract scheduled must have started within this. */
const JOBS_LIMIT_MS = 60000;
const REFUSED = 'SESSION_STORE_UNAVAILABLE';
const EMAIL = 'agent@demo.relais.test';
/** Tried with wrong passwords during the outage: still signs in afterwards (nothing was counted). */
const LOCKOUT_EMAIL = 'as@demo.relais.test';
/** Lockout after this many wrong passwords (the edge's default, set explicitly). */
const MAX_FAILURES = 5;

/** GET /health/ready: its status and whether it names redis as down (status 0: no answer in time). */
const readiness = async (url: string): Promise<{ status: number; redisDown: boolean }> => {
  const answer = await askEdge(url, '/health/ready', { ip: '127.0.0.1', timeoutMs: 5000 });
  return { status: answer.status, redisDown: /"redis"\s*:\s*"down"/.test(answer.body) };
};

/** Polls `probe` every 100 ms until it holds or `limitMs` passes; whether it held. */
const within = async (limitMs: number, probe: () => Promise<boolean>): Promise<boolean> => {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
};

export const redisOutage: ChaosScenario = {
  name: 'redis-outage',
  title: 'Redis down: sign-in and sessions refused with a clear 503, jobs run once; all back within a bound',
  async run({ scale, servers, workDir, log }) {
    const size = SIZES[scale];
    const check = new Criteria();
    const closers: (() => Promise<unknown>)[] = [];
    const counts = {
      signInsTried: 0,
      signInsRefused: 0,
      signInsUnclear: 0,
      signInsRecovered: 0,
      wrongPasswordsRefused: 0,
      sessionRequestsTried: 0,
      sessionRequestsRefused: 0,
      pagesRefused: 0,
      slowestRefusalMs: 0,
      hangs: 0,
      rateLimited: 0,
      redis_sigkill: 0,
      redis_sigterm: 0,
      crashes: 0,
    };
    let recoverySeconds: number | null = null;
    try {
      const redis = await startPrivateRedis(log);
      closers.unshift(() => redis.close());
      const broker = await startChaosBroker(workDir, log);
      closers.unshift(() => broker.close());
      const messaging = { brokers: broker.brokers, prefix: uniquePrefix('chaos-redis') };
      await prepareTopics(messaging);
      const common = { postgresUrl: servers.postgresUrl, redisUrl: redis.url, messaging };
      const placement = await startServiceGroup({
        name: 'placement',
        instances: 2,
        ...common,
        env: { JOBS_INTERVAL_MS: '200' },
      });
      closers.unshift(() => placement.close());
      const edgeGroup = await startServiceGroup({
        name: 'admin-ui',
        instances: 1,
        ...common,
        env: {
          NODE_ENV: 'development',
          DEMO_ACCOUNTS: 'true',
          // Plain HTTP between the scenario and the edge (a local start).
          COOKIE_SECURE: 'false',
          SERVICE_TOKEN_PRIVATE_KEY: (await testTokenKeys()).privateKey,
          PLACEMENT_URL: placement.instance(0).url,
          SIGN_IN_RATE_PER_IP: String(size.ratePerIp),
          // The per-address limit is the one measured; this one stays out of the way.
          SIGN_IN_RATE_PER_EMAIL: '10000',
          SIGN_IN_MAX_FAILURES: String(MAX_FAILURES),
        },
      });
      closers.unshift(() => edgeGroup.close());
      const edge = edgeGroup.instance(0).url;
      // An exit nobody asked for is a crash.
      const processes: ServiceProcess[] = [
        edgeGroup.instance(0),
        ...placement.running().map((i) => placement.instance(i)),
      ];
      let closing = false;
      for (const p of processes)
        void p.exited.then(() => {
          if (!closing) counts.crashes += 1;
        });
      closers.unshift(() => {
        closing = true;
        return Promise.resolve();
      });
      const contracts = await dueContracts(placement.database.url, size.perWave * (size.faults.length + 2));
      closers.unshift(() => contracts.close());

      let addresses = 0;
      /** A client address of its own (behind the trusted proxy): one phase's attempts never limit another's. */
      const freshIp = () => {
        addresses += 1;
        return `198.51.100.${String(addresses)}`;
      };

      // Before: sign-in, a session, readiness, and the jobs at work.
      const first = await signInAt(edge, freshIp(), EMAIL, DEMO_PASSWORD, HANG_MS);
      check.equal('sign-in before the outage (status)', first.status, 200);
      const cookie = first.cookie;
      check.holds('sign-in before the outage sets the session cookie', cookie !== undefined);
      const ready = await readiness(edge);
      check.equal('edge readiness before the outage', ready.status, 200);
      const before = await contracts.schedule(size.perWave);
      const beforeStarted = await within(
        JOBS_LIMIT_MS,
        async () => (await contracts.started(before)) === before.length,
      );
      check.holds('contracts due before the outage all started', beforeStarted);

      for (const fault of size.faults) {
        log(`redis ${fault}`);
        if (fault === 'SIGKILL') await redis.kill();
        else await redis.stop();
        counts[fault === 'SIGKILL' ? 'redis_sigkill' : 'redis_sigterm'] += 1;
        const downAt = Date.now();
        // Work for the jobs while Redis is down: they must not need it.
        const during = await contracts.schedule(size.perWave);
        const ip = freshIp();
        let wrong = 0;
        while (Date.now() - downAt < size.downMs) {
          // Right and wrong passwords alike: refused before any password is checked.
          const useWrong = wrong <= MAX_FAILURES;
          const attempt = useWrong
            ? await signInAt(edge, ip, LOCKOUT_EMAIL, 'not-the-password-at-all', HANG_MS)
            : await signInAt(edge, ip, EMAIL, DEMO_PASSWORD, HANG_MS);
          if (useWrong) wrong += 1;
          counts.signInsTried += 1;
          counts.slowestRefusalMs = Math.max(counts.slowestRefusalMs, attempt.ms);
          if (attempt.status === 0) counts.hangs += 1;
          if (isUnavailableProblem(attempt, REFUSED) && attempt.ms <= ANSWER_LIMIT_MS) {
            counts.signInsRefused += 1;
            if (useWrong) counts.wrongPasswordsRefused += 1;
          } else {
            counts.signInsUnclear += 1;
            log(
              `sign-in while Redis is down: ${String(attempt.status)} in ${String(attempt.ms)} ms ${attempt.body.slice(0, 200)}`,
            );
          }
          const session = await askEdge(edge, '/auth/session', { ip, cookie, timeoutMs: HANG_MS });
          counts.sessionRequestsTried += 1;
          counts.slowestRefusalMs = Math.max(counts.slowestRefusalMs, session.ms);
          if (session.status === 0) counts.hangs += 1;
          if (isUnavailableProblem(session, REFUSED) && session.ms <= ANSWER_LIMIT_MS)
            counts.sessionRequestsRefused += 1;
          else
            log(
              `a session's request while Redis is down: ${String(session.status)} in ${String(session.ms)} ms`,
            );
          const page = await askEdge(edge, '/', { ip, cookie, accept: 'text/html', timeoutMs: HANG_MS });
          if (isUnavailablePage(page) && page.ms <= ANSWER_LIMIT_MS) counts.pagesRefused += 1;
          else log(`a page while Redis is down: ${String(page.status)} in ${String(page.ms)} ms`);
          await sleep(size.probeEveryMs);
        }
        const degraded = await within(READINESS_LIMIT_MS, async () => {
          const r = await readiness(edge);
          return r.status === 503 && r.redisDown;
        });
        check.holds(`edge readiness says 503, redis down, while Redis is down (${fault})`, degraded);
        // Placement keeps nothing in Redis: it stays in its load balancer while Redis is down.
        const placementReady = await readiness(placement.instance(0).url);
        check.holds(
          `placement readiness stays 200 while Redis is down (${fault})`,
          placementReady.status === 200 && !placementReady.redisDown,
        );
        const duringStarted = await contracts.started(during);
        check.equal(
          `contracts due while Redis was down, started while it was (${fault})`,
          duringStarted,
          during.length,
        );

        await redis.start();
        const upAt = Date.now();
        const recoveryIp = freshIp();
        let back = false;
        while (!back && Date.now() - upAt < RECOVERY_LIMIT_S * 1000) {
          const attempt = await signInAt(edge, recoveryIp, EMAIL, DEMO_PASSWORD, HANG_MS);
          if (attempt.status === 200) back = true;
          else if (!isUnavailableProblem(attempt, REFUSED)) {
            counts.signInsUnclear += 1;
            log(`sign-in as Redis comes back: ${String(attempt.status)} ${attempt.body.slice(0, 200)}`);
          }
          if (!back) await sleep(100);
        }
        const seconds = Math.round((Date.now() - upAt) / 100) / 10;
        check.holds(
          `sign-in works again within ${String(RECOVERY_LIMIT_S)} s of Redis being back (${fault})`,
          back,
        );
        if (back) {
          counts.signInsRecovered += 1;
          recoverySeconds = Math.max(recoverySeconds ?? 0, seconds);
          log(`sign-in back ${String(seconds)} s after Redis`);
        }
        // The wrong passwords of the outage were never tried: no lock on that account.
        const unlocked = await signInAt(edge, freshIp(), LOCKOUT_EMAIL, DEMO_PASSWORD, HANG_MS);
        check.equal(
          `sign-in of the account given wrong passwords during the outage (${fault})`,
          unlocked.status,
          200,
        );
        if (unlocked.status === 200) counts.signInsRecovered += 1;
        // The old session: kept (Redis kept it) or gone (this Redis keeps nothing): never an error.
        const old = await askEdge(edge, '/auth/session', { ip: freshIp(), cookie, timeoutMs: HANG_MS });
        check.holds(
          `the session of before the outage answers 200 or 401 afterwards, not ${String(old.status)} (${fault})`,
          old.status === 200 || old.status === 401,
        );
        const readyAgain = await within(
          READINESS_LIMIT_MS,
          async () => (await readiness(edge)).status === 200,
        );
        check.holds(`edge readiness 200 again after Redis is back (${fault})`, readyAgain);
        // Rate limits count again: past the limit from one address, 429.
        const limitedIp = freshIp();
        const answers: number[] = [];
        for (let i = 0; i < size.ratePerIp + 2; i++)
          answers.push((await signInAt(edge, limitedIp, EMAIL, DEMO_PASSWORD, HANG_MS)).status);
        const limited = answers.filter((s) => s === 429).length;
        counts.rateLimited += limited;
        check.equal(
          `attempts past the per-address limit answered 429 after Redis is back (${fault})`,
          limited,
          2,
        );
        check.equal(
          `attempts within the per-address limit signed in after Redis is back (${fault})`,
          answers.slice(0, size.ratePerIp).filter((s) => s === 200).length,
          size.ratePerIp,
        );
      }

      // After: more work for the jobs, then every contract exactly once.
      const after = await contracts.schedule(size.perWave);
      await within(JOBS_LIMIT_MS, async () => (await contracts.started(after)) === after.length);
      // A last round or two of both instances, to catch a late second start.
      await sleep(1000);
      const effects = await contracts.effects();
      const jobProcesses = placement.running().map((i) => placement.instance(i));
      const startedBy = jobProcesses.map((p) => p.logs.filter((l) => l.msg === 'contract started').length);
      const jobRuns = jobProcesses.reduce(
        (n, p) =>
          n + p.logs.filter((l) => l.msg === 'scheduled job round' && l.job === 'start-due-contracts').length,
        0,
      );
      const failedRounds = countLogLines(jobProcesses, 'scheduled job round failed');
      check.equal('contracts started', effects.started, effects.scheduled);
      check.equal('contracts never started (lost)', effects.lost, 0);
      check.equal('contracts started twice (two PlacementStarted)', effects.startedTwice, 0);
      check.equal(
        'duplicate effects (events or filled openings beyond one per contract)',
        effects.duplicates,
        0,
      );
      check.equal('filled openings', effects.filled, effects.started);
      check.equal(
        "'contract started' log lines across both instances",
        startedBy.reduce((a, b) => a + b, 0),
        effects.started,
      );
      check.equal('failed job rounds', failedRounds, 0);
      check.equal(
        'sign-ins while Redis was down that got no clear 503 within the bound',
        counts.signInsUnclear,
        0,
      );
      check.equal('sign-ins refused while Redis was down', counts.signInsRefused, counts.signInsTried);
      check.equal(
        'requests with a session refused with a clear 503',
        counts.sessionRequestsRefused,
        counts.sessionRequestsTried,
      );
      check.equal('pages refused with a 503 page', counts.pagesRefused, counts.sessionRequestsTried);
      check.equal('requests left hanging', counts.hangs, 0);
      check.equal('processes that exited on their own', counts.crashes, 0);
      return {
        counts: {
          ...counts,
          contractsScheduled: effects.scheduled,
          contractsStarted: effects.started,
          startedByInstance0: startedBy[0] ?? 0,
          startedByInstance1: startedBy[1] ?? 0,
          jobRuns,
          overlaps: effects.startedTwice,
        },
        lost: effects.lost,
        duplicates: effects.duplicates,
        parked: 0,
        recoverySeconds,
        failures: check.failures,
      };
    } finally {
      for (const close of closers) await close().catch(() => undefined);
    }
  },
};
