import type { OpenAPIV3_1 } from 'openapi-types';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** `post /candidates/{candidateId}/transitions` → `postCandidatesByCandidateIdTransitions`. */
export const operationIdOf = (method: string, path: string): string =>
  [
    method.toLowerCase(),
    ...path
      .split('/')
      .filter(Boolean)
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment)?.[1];
        const word = (param ? `by-${param}` : segment).replace(/[-_.](\w)/g, (_m, c: string) =>
          c.toUpperCase(),
        );
        return word.charAt(0).toUpperCase() + word.slice(1);
      }),
  ].join('');

/**
 * Completes a generated OpenAPI document so that it lints clean and reads well in tools: every
 * operation gets a stable operationId and a description (its summary when it has no other),
 * every tag used is declared, and the server is the service itself (behind the edge its paths
 * are under `/api/<service>`).
 */
export const completeOpenApi = (document: OpenAPIV3_1.Document): OpenAPIV3_1.Document => {
  const tags = new Set<string>();
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => {
      const completed: Record<string, unknown> = { ...item };
      for (const method of METHODS) {
        const operation = item?.[method];
        if (!operation) continue;
        for (const tag of operation.tags ?? []) tags.add(tag);
        completed[method] = {
          ...operation,
          operationId: operation.operationId ?? operationIdOf(method, path),
          description: operation.description ?? operation.summary ?? `${method.toUpperCase()} ${path}`,
        };
      }
      return [path, completed];
    }),
  ) as OpenAPIV3_1.PathsObject;
  return {
    ...document,
    servers: document.servers ?? [
      { url: '/', description: 'this service (behind the edge: /api/<service>)' },
    ],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
  };
};
