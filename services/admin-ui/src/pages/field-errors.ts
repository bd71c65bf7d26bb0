import type { ServiceRefusal } from './page-api.ts';

/**
 * The form fields a service named as wrong, from its problem's `errors[].field` (`body.sites.0.lat`)
 * through a form's table of service paths (`sites.0.lat` → `siteLat`); unknown paths are left out
 * (the refusal's message still says the form was refused).
 */
export const invalidFields = (
  error: ServiceRefusal | null,
  formFieldOf: Readonly<Record<string, string>>,
): string[] => {
  if (!error) return [];
  const names = error.fields
    .map((f) => f.field.replace(/^body\.?/, ''))
    .map((path) => formFieldOf[path] ?? formFieldOf[path.split('.')[0] ?? ''])
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)];
};
