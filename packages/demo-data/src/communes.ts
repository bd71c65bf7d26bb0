/** A commune where demo people live and demo hosts have sites, with its centre (WGS 84). */
export interface Commune {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

/**
 * Real Brussels communes for the French-speaking demo CPAS, and communes around Ghent for the
 * Dutch-speaking one: within about 12 km of each other, so that matching's travel filter (the
 * person's maximum distance, 20 km and more here) lets the demo people reach the demo posts.
 * Centres rounded to 3 decimals (about 100 m); faker has Belgian street names but no communes
 * with coordinates, hence this short table.
 */
export const COMMUNES = {
  brussels: [
    { name: 'Anderlecht', lat: 50.836, lon: 4.308 },
    { name: 'Bruxelles', lat: 50.847, lon: 4.352 },
    { name: 'Etterbeek', lat: 50.836, lon: 4.389 },
    { name: 'Forest', lat: 50.811, lon: 4.317 },
    { name: 'Ixelles', lat: 50.827, lon: 4.372 },
    { name: 'Jette', lat: 50.876, lon: 4.327 },
    { name: 'Koekelberg', lat: 50.862, lon: 4.329 },
    { name: 'Molenbeek-Saint-Jean', lat: 50.855, lon: 4.323 },
    { name: 'Saint-Gilles', lat: 50.827, lon: 4.345 },
    { name: 'Saint-Josse-ten-Noode', lat: 50.854, lon: 4.373 },
    { name: 'Schaerbeek', lat: 50.867, lon: 4.378 },
    { name: 'Uccle', lat: 50.802, lon: 4.338 },
  ],
  ghent: [
    { name: 'Gent', lat: 51.054, lon: 3.717 },
    { name: 'Ledeberg', lat: 51.039, lon: 3.744 },
    { name: 'Gentbrugge', lat: 51.04, lon: 3.76 },
    { name: 'Sint-Amandsberg', lat: 51.064, lon: 3.748 },
    { name: 'Mariakerke', lat: 51.071, lon: 3.677 },
    { name: 'Drongen', lat: 51.049, lon: 3.657 },
    { name: 'Merelbeke', lat: 51.0, lon: 3.746 },
    { name: 'Destelbergen', lat: 51.06, lon: 3.799 },
    { name: 'Zwijnaarde', lat: 51.0, lon: 3.712 },
    { name: 'Wondelgem', lat: 51.09, lon: 3.72 },
  ],
} as const satisfies Record<string, readonly Commune[]>;
