/** A JSON schema, as far as the compatibility rules read it. */
export interface JsonSchema {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly [key: string]: unknown;
}

const isObject = (s: JsonSchema) => s.type === 'object' && s.properties !== undefined;
const stable = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

/**
 * Why `next` cannot replace `previous` for the same event version (empty when it can). Both
 * ways must hold: events written now are read by consumers still on `previous` (so every field
 * it requires is still required and unchanged), and events already on the topics are replayed
 * by consumers on `next` (so a field `next` requires was required before: a new field needs a
 * default). Anything else is a new event version.
 */
export const incompatibilities = (previous: JsonSchema, next: JsonSchema, at = 'data'): string[] => {
  if (!isObject(previous) || !isObject(next)) {
    return stable(previous) === stable(next)
      ? []
      : [`${at} changed from ${stable(previous)} to ${stable(next)}`];
  }
  const before = new Set(previous.required ?? []);
  const after = new Set(next.required ?? []);
  const problems = [
    ...[...before]
      .filter((f) => !after.has(f))
      .map((f) => `${at}.${f} is no longer required: older consumers need it`),
    ...[...after]
      .filter((f) => !before.has(f))
      .map((f) => `${at}.${f} is newly required: older events lack it (give it a default)`),
  ];
  for (const [name, schema] of Object.entries(previous.properties ?? {})) {
    const now = next.properties?.[name];
    if (now) problems.push(...incompatibilities(schema, now, `${at}.${name}`));
    else if (before.has(name)) problems.push(`${at}.${name} was removed`);
  }
  return problems;
};
