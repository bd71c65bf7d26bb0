import type { Redis } from 'ioredis';

/** The edge's Redis client (sessions, sign-in limits): the edge is the one service that uses one. */
export const edgeRedis = (context: { readonly redis: Redis | undefined }): Redis => {
  if (!context.redis)
    throw new Error('the edge keeps its sessions in Redis: its definition must say usesRedis');
  return context.redis;
};
