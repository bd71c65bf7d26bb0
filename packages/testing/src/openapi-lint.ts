import spectralCore from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';

const { Spectral } = spectralCore;

/** One finding of the OpenAPI linter. */
export interface LintFinding {
  readonly rule: string;
  readonly path: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/**
 * Lints a service's OpenAPI document with Spectral's OpenAPI ruleset (the reference linter for
 * OpenAPI 3.1): errors and warnings, each with its rule and place.
 */
export const lintOpenApi = async (openapi: unknown): Promise<LintFinding[]> => {
  const spectral = new Spectral();
  // The ruleset object is the documented way in; its literal type is wider than setRuleset declares.
  spectral.setRuleset(oas as Parameters<typeof spectral.setRuleset>[0]);
  const results = await spectral.run(openapi as Record<string, unknown>);
  return results
    .filter((r) => (r.severity as number) <= 1)
    .map((r) => ({
      rule: String(r.code),
      path: r.path.join('.'),
      message: r.message,
      severity: (r.severity as number) === 0 ? ('error' as const) : ('warning' as const),
    }));
};
