import { DEAD_LETTER_ACCESS, type AccessMatrix, type BaseConfig } from '@relais/service-kit';
import { expect, it } from 'vitest';
import { describeMatrix, probeAccessMatrix, bodiesAcceptingUnknownFields } from './access-matrix.ts';
import { fuzzRoutes, rowCounts } from './fuzz.ts';
import { lintOpenApi } from './openapi-lint.ts';
import { appRolePool, type TestService } from './service.ts';

/**
 * The checks every service's HTTP edge must pass, as tests in the caller's `describe`: strict
 * bodies, a clean OpenAPI document, the bad-input suite (4xx problems, nothing changed), an
 * append-only audit log and the access matrix for every role. `service` is read when the tests run (after `beforeAll`);
 * `matrix` is the part to probe (a service may leave out a route inject cannot call, e.g. a stream).
 * Import from `@relais/testing/service-contract` in test files only: it defines vitest tests.
 */
export const itHoldsTheServiceContract = <C extends BaseConfig>(
  service: () => TestService<C>,
  matrix: AccessMatrix,
  tenantId: string,
): void => {
  /** The service's own rules, and the platform operator's dead-letter routes where it consumes events. */
  const served = (): AccessMatrix => {
    const paths = (service().service.app.swagger() as { paths?: Record<string, unknown> }).paths ?? {};
    return { ...('/dead-letters' in paths ? DEAD_LETTER_ACCESS : {}), ...matrix };
  };

  it('refuses bodies with fields they do not declare (a tenant or a status slipped in is a 400)', () => {
    expect(bodiesAcceptingUnknownFields(service().service.app.swagger())).toEqual([]);
  });

  it('publishes an OpenAPI document that the OpenAPI linter (Spectral, oas ruleset) finds nothing wrong with', async () => {
    expect(await lintOpenApi(service().service.app.swagger())).toEqual([]);
  });

  it('answers every bad request with a 4xx problem naming the field, and changes nothing', async () => {
    const before = await rowCounts(service().db);
    const { findings, sent } = await fuzzRoutes(service().service.app, served(), { tenantId });
    expect(sent).toBeGreaterThan(50);
    expect(findings).toEqual([]);
    expect(await rowCounts(service().db)).toEqual(before);
  });

  it('keeps its audit log append-only: its own database role may not change or delete a row, nor may the owner', async () => {
    const app = appRolePool(service());
    try {
      await expect(app.query('UPDATE audit_log SET purpose = $1', ['edited'])).rejects.toThrow(
        /permission denied/,
      );
      await expect(app.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    await expect(service().db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('answers every route as its access matrix says, for every role, and 401 without a valid token', async () => {
    const violations = await probeAccessMatrix(service().service.app, served(), tenantId);
    expect(violations, describeMatrix(served())).toEqual([]);
  });
};
