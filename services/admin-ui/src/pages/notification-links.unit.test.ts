import { describe, expect, it } from 'vitest';
import { pageLinkOf } from './notification-links.ts';

const id = '0190d000-0000-7000-8000-00000000d001';

describe('links of notifications', () => {
  it('given the notification service’s French paths, then the pages’ own paths', () => {
    expect(pageLinkOf(`/personnes/${id}`, ['social_worker'])).toBe(`/persons/${id}`);
    expect(pageLinkOf(`/periodes-essai/${id}`, ['placement_officer'])).toBe(`/trials/${id}`);
    expect(pageLinkOf(`/visites/${id}`, ['safety_officer'])).toBe(`/visits/${id}`);
    expect(pageLinkOf(`/utilisateurs/${id}`, ['safety_officer'])).toBe(`/safety/hosts/${id}`);
    expect(pageLinkOf(`/utilisateurs/${id}`, ['placement_officer'])).toBe(`/hosts/${id}`);
  });

  it('given anything else, then the inbox: never another site', () => {
    expect(pageLinkOf('//evil.example/x', ['social_worker'])).toBe('/notifications');
    expect(pageLinkOf(`/comite/decisions/${id}`, ['social_worker'])).toBe('/notifications');
    expect(pageLinkOf('/personnes/not-an-id', ['social_worker'])).toBe('/notifications');
  });
});
