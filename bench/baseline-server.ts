// The API baseline: bare fastify + pg, one query per request, on the placement service's own
// database and with its pool size. No schemas, no transaction, no tenant context, no logging:
// what the placement routes cost on top of this is our framework's and our use cases' share.
// Its queries are named prepared statements, as every parameterised statement of the services is
// (service-kit's createPool), so the comparison does not credit the services with that.
import fastify from 'fastify';
import pg from 'pg';

const env = process.env;
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DATABASE_POOL_SIZE ?? 10) });
const app = fastify({ logger: false });

interface Params {
  candidateId: string;
}

app.get('/health/ready', async () => {
  await pool.query('SELECT 1');
  return { status: 'ready' };
});

app.get<{ Params: Params }>('/candidates/:candidateId', async (request, reply) => {
  const { rows } = await pool.query({
    name: 'read',
    text: 'SELECT * FROM candidates WHERE tenant_id = $1 AND id = $2',
    values: [request.headers['x-tenant-id'], request.params.candidateId],
  });
  return rows[0] ?? reply.status(404).send({ code: 'CANDIDATE_NOT_FOUND' });
});

app.patch<{ Params: Params; Body: { skillsNote: string } }>(
  '/candidates/:candidateId',
  async (request, reply) => {
    const { rows } = await pool.query({
      name: 'write',
      text: `UPDATE candidates SET skills_note = $3, version = version + 1, updated_at = clock_timestamp()
       WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      values: [request.headers['x-tenant-id'], request.params.candidateId, request.body.skillsNote],
    });
    return rows[0] ?? reply.status(404).send({ code: 'CANDIDATE_NOT_FOUND' });
  },
);

const stop = () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await app.listen({ host: env.HOST ?? '127.0.0.1', port: Number(env.PORT ?? 0) });
