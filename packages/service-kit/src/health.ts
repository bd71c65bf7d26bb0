/** A dependency the service cannot work without. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<unknown>;
}

/** The state of each dependency. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, 'up' | 'down'>;
}

const withTimeout = async (work: Promise<unknown>, ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work,
      new Promise((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`timed out after ${String(ms)} ms`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/** Runs every check in parallel, each bounded in time. */
export const checkReadiness = async (
  checks: readonly ReadinessCheck[],
  timeoutMs = 2000,
): Promise<Readiness> => {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        await withTimeout(c.check(), timeoutMs);
        return [c.name, 'up'] as const;
      } catch {
        return [c.name, 'down'] as const;
      }
    }),
  );
  return { ready: results.every(([, s]) => s === 'up'), checks: Object.fromEntries(results) };
};
