import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createServiceApp } from '../app.ts';
import { actorOf } from '../app.ts';
import type { AccessMatrix } from './access.ts';
import { bearerAuthentication } from './bearer.ts';
import { createTokenSigner, createTokenVerifier, generateServiceTokenKeys } from './tokens.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000aa';
const userId = '0190a000-0000-7000-8000-0000000000bb';
const keys = await generateServiceTokenKeys();
const signer = await createTokenSigner(keys.privateKey);
const verifier = await createTokenVerifier(keys.publicKey);

const appWith = async (
  matrix: AccessMatrix,
  routes: (app: Awaited<ReturnType<typeof createServiceApp>>) => void,
) => {
  const app = await createServiceApp({
    name: 'example',
    version: '0.0.1',
    description: 'access tests',
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    readiness: [],
    access: { matrix, authenticate: bearerAuthentication(verifier) },
  });
  routes(app);
  await app.ready();
  return app;
};

const bearer = async (roles: Parameters<typeof signer.sign>[0]['roles']) => ({
  authorization: `Bearer ${await signer.sign({ userId, tenantId, roles })}`,
});

describe('deny-by-default access control', () => {
  it('given a route without a rule, when the app starts, then it refuses to', async () => {
    await expect(
      appWith({}, (app) => {
        app.get('/forgotten', () => ({}));
      }),
    ).rejects.toThrow(/GET \/forgotten has no access rule/);
  });

  it('given a rule for a route that does not exist, when the app starts, then it refuses to', async () => {
    await expect(appWith({ 'GET /gone': { roles: ['social_worker'] } }, () => undefined)).rejects.toThrow(
      /routes that do not exist: GET \/gone/,
    );
  });

  it('given a protected route, when called without a token, with a listed role and with another, then 401, 200, 403', async () => {
    const app = await appWith({ 'POST /notes': { roles: ['social_worker', 'placement_officer'] } }, (a) => {
      a.post('/notes', (request) => actorOf(request));
    });
    const anonymous = await app.inject({ method: 'POST', url: '/notes', payload: {} });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const allowed = await app.inject({
      method: 'POST',
      url: '/notes',
      headers: await bearer(['cpas_admin', 'placement_officer']),
    });
    expect(allowed.json()).toEqual({ tenantId, actor: { id: userId, role: 'placement_officer' } });
    const refused = await app.inject({
      method: 'POST',
      url: '/notes',
      headers: await bearer(['safety_officer']),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ROLE_NOT_ALLOWED', status: 403 });
  });

  it('given a refused caller, when the body is invalid too, then 401/403 comes first (nothing is parsed for strangers)', async () => {
    const app = await appWith({ 'POST /notes': { roles: ['social_worker'] } }, (a) => {
      a.post('/notes', () => ({}));
    });
    const res = await app.inject({
      method: 'POST',
      url: '/notes',
      headers: { ...(await bearer(['safety_officer'])), 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(res.statusCode).toBe(403);
  });

  it('given the automatic HEAD of a GET route, when called, then it has the GET rule', async () => {
    const app = await appWith({ 'GET /things': { roles: ['social_worker'] } }, (a) => {
      a.get('/things', () => ({ items: [] }));
    });
    expect((await app.inject({ method: 'HEAD', url: '/things' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'HEAD', url: '/things', headers: await bearer(['social_worker']) }))
        .statusCode,
    ).toBe(200);
  });

  it('given operational routes, when called without a token, then they answer', async () => {
    const app = await appWith({}, () => undefined);
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
  });
});

describe('service tokens', () => {
  it('given a token of the edge, when verified, then the principal comes back', async () => {
    const token = await signer.sign({ userId, tenantId, roles: ['social_worker'] });
    await expect(verifier.verify(token)).resolves.toEqual({ userId, tenantId, roles: ['social_worker'] });
  });

  it('given a token signed by another key, unsigned, expired or for another audience, when verified, then refused', async () => {
    const other = await createTokenSigner((await generateServiceTokenKeys()).privateKey);
    await expect(
      verifier.verify(await other.sign({ userId, tenantId, roles: ['social_worker'] })),
    ).rejects.toThrow();
    const [header, payload] = (await signer.sign({ userId, tenantId, roles: ['social_worker'] })).split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload ?? ''}.`;
    await expect(verifier.verify(none)).rejects.toThrow();
    expect(header).toBeDefined();
    await expect(
      verifier.verify(await signer.sign({ userId, tenantId, roles: ['social_worker'] }, { ttlSeconds: -30 })),
    ).rejects.toThrow();
    const { SignJWT, importPKCS8 } = await import('jose');
    const key = await importPKCS8(keys.privateKey, 'EdDSA');
    const foreign = await new SignJWT({ tid: tenantId, roles: ['social_worker'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(userId)
      .setIssuer('relais-edge')
      .setAudience('someone-else')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(key);
    await expect(verifier.verify(foreign)).rejects.toThrow();
  });

  it('given a principal signed for twice within a minute, when signed again after it or with other roles, then the same token, then a new one', async () => {
    let clock = Date.parse('2026-12-06T10:00:00Z');
    const timed = await createTokenSigner(keys.privateKey, { now: () => clock });
    const officer = { userId, tenantId, roles: ['placement_officer'] } as const;
    const first = await timed.sign(officer);
    clock += 59_000;
    expect(await timed.sign(officer)).toBe(first);
    expect(await timed.sign({ ...officer, roles: ['social_worker'] })).not.toBe(first);
    expect(await timed.sign({ ...officer, userId: tenantId })).not.toBe(first);
    expect(await timed.sign(officer, { ttlSeconds: 120 })).not.toBe(first);
    clock += 2_000;
    const renewed = await timed.sign(officer);
    expect(renewed).not.toBe(first);
    const verifyAt = await createTokenVerifier(keys.publicKey, { now: () => clock });
    await expect(verifyAt.verify(renewed)).resolves.toEqual(officer);
  });

  it('given a token verified once, when used again until its expiry and after it, then accepted, then refused like any expired token', async () => {
    let clock = Date.parse('2026-12-06T10:00:00Z');
    const timed = await createTokenSigner(keys.privateKey, { now: () => clock });
    const timedVerifier = await createTokenVerifier(keys.publicKey, { now: () => clock });
    const token = await timed.sign({ userId, tenantId, roles: ['social_worker'] });
    await expect(timedVerifier.verify(token)).resolves.toMatchObject({ userId });
    clock += 124_000;
    await expect(timedVerifier.verify(token)).resolves.toMatchObject({ userId });
    clock += 2_000;
    await expect(timedVerifier.verify(token)).rejects.toThrow(/exp/);
    await expect(timedVerifier.verify(token)).rejects.toThrow(/exp/);
  });

  it('given a token verified once, when its claims or signature are altered, then the altered token is refused', async () => {
    const token = await signer.sign({ userId, tenantId, roles: ['social_worker'] });
    await verifier.verify(token);
    const [header = '', payload = '', signature = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const raised = Buffer.from(JSON.stringify({ ...claims, roles: ['cpas_admin'] })).toString('base64url');
    await expect(verifier.verify(`${header}.${raised}.${signature}`)).rejects.toThrow(/signature/);
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    await expect(verifier.verify(`${header}.${payload}.${flipped}`)).rejects.toThrow();
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['social_worker'] });
  });

  it('given a signed token with an unknown role or no CPAS, when verified, then refused', async () => {
    const { SignJWT, importPKCS8 } = await import('jose');
    const key = await importPKCS8(keys.privateKey, 'EdDSA');
    const forged = await new SignJWT({ roles: ['root'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(userId)
      .setIssuer('relais-edge')
      .setAudience('relais-services')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(key);
    await expect(verifier.verify(forged)).rejects.toThrow(/claims/);
  });
});
