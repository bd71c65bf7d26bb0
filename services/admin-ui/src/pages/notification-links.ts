import type { UserRole } from '@relais/service-kit';

/**
 * The notifications service names records by the paths its README gives (`/personnes/<id>`…);
 * the pages' own paths are in English like the rest of the code. This maps one to the other,
 * and anything it does not know to the inbox, so a link never leads off the site.
 */
export const pageLinkOf = (link: string, roles: readonly UserRole[]): string => {
  const [, first, id] = link.split('/');
  const uuid = /^[0-9a-f-]{36}$/i;
  if (!id || !uuid.test(id)) return '/notifications';
  switch (first) {
    // A person's information sheet is shown with the person.
    case 'personnes':
      return `/persons/${id}`;
    case 'utilisateurs':
      return roles.includes('safety_officer') && !roles.includes('placement_officer')
        ? `/safety/hosts/${id}`
        : `/hosts/${id}`;
    case 'periodes-essai':
      return `/trials/${id}`;
    case 'visites':
      return `/visits/${id}`;
    case 'persons':
    case 'hosts':
    case 'trials':
    case 'visits':
      return `/${first}/${id}`;
    default:
      return '/notifications';
  }
};
