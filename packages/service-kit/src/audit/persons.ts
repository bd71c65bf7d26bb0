import type { AuditRule } from '../auth/access.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const collect = (value: unknown, field: string, depth: number, into: Set<string>): void => {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, field, depth + 1, into);
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    const values = key === field ? (Array.isArray(inner) ? inner : [inner]) : [];
    for (const v of values) if (typeof v === 'string' && UUID.test(v)) into.add(v.toLowerCase());
    if (key !== field) collect(inner, field, depth + 1, into);
  }
};

/**
 * The persons whose data a request touched: the route or query parameter that names them and every
 * `personField` in the response (a list of candidates names each one it shows).
 */
export const personsTouched = (
  rule: AuditRule | undefined,
  params: Readonly<Record<string, unknown>>,
  payload: unknown,
): string[] => {
  const persons = new Set<string>();
  const param = rule?.personParam ? params[rule.personParam] : undefined;
  if (typeof param === 'string' && UUID.test(param)) persons.add(param.toLowerCase());
  collect(payload, rule?.personField ?? 'personId', 0, persons);
  return [...persons];
};
