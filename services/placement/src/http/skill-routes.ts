import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { addSkill } from '../app/skills/add-skill.ts';
import { listSkills } from '../app/skills/list-skills.ts';
import { errorResponses, skillCode } from './schemas.ts';

const skill = z.strictObject({
  code: skillCode,
  labelFr: z.string().trim().min(1).max(120),
  labelNl: z.string().trim().min(1).max(120),
});
const tags = ['skills'];

/** The CPAS's controlled vocabulary of skills, shared by candidates and positions. */
export const registerSkillRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/skills',
    {
      schema: {
        tags,
        summary: 'The skills vocabulary of the CPAS, by code',
        response: { 200: z.object({ items: z.array(skill) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listSkills(context, tenantOf(request)) }),
  );

  app.post(
    '/skills',
    {
      schema: {
        tags,
        summary: 'Add a skill to the vocabulary, labelled in French and Dutch',
        body: skill,
        response: { 201: skill, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      return reply.status(201).send(await addSkill(context, tenantId, request.body, actor));
    },
  );
};
