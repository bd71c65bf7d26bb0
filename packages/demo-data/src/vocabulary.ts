/**
 * The field's words for the demo, in the CPAS's language: skills, and for each sector the kind of
 * host, the post offered to an article 60 worker, its tasks and what it asks of the body. Plain
 * data; the generator draws from it with the seeded faker.
 */

/** A language of a demo CPAS (its UI and its people's first language). */
export type DemoLanguage = 'fr' | 'nl';

/** A skill of the CPAS's vocabulary (`POST /skills`). */
export interface DemoSkill {
  readonly code: string;
  readonly labelFr: string;
  readonly labelNl: string;
}

export const SKILLS: readonly DemoSkill[] = [
  { code: 'care_assistance', labelFr: 'Aide aux soins', labelNl: 'Zorgondersteuning' },
  { code: 'cooking', labelFr: 'Cuisine collective', labelNl: 'Grootkeuken' },
  { code: 'cleaning', labelFr: 'Nettoyage', labelNl: 'Schoonmaak' },
  { code: 'gardening', labelFr: 'Entretien des espaces verts', labelNl: 'Groenonderhoud' },
  { code: 'handling', labelFr: 'Manutention', labelNl: 'Goederenbehandeling' },
  { code: 'reception', labelFr: 'Accueil du public', labelNl: 'Onthaal' },
  { code: 'maintenance', labelFr: 'Petite maintenance', labelNl: 'Klein onderhoud' },
  { code: 'laundry', labelFr: 'Blanchisserie', labelNl: 'Wasserij' },
];

type Legal = 'municipality' | 'asbl' | 'public_body' | 'social_economy' | 'partner_company';
type Demand =
  | 'heavy_lifting'
  | 'prolonged_standing'
  | 'outdoor_work'
  | 'repetitive_movements'
  | 'chemical_exposure'
  | 'work_at_height';

/** One sector: who hosts there and what post an article 60 worker holds. */
export interface DemoSector {
  readonly sector: string;
  readonly legalType: Legal;
  readonly hostNames: Readonly<Record<DemoLanguage, readonly string[]>>;
  readonly job: Readonly<Record<DemoLanguage, string>>;
  readonly tasks: Readonly<Record<DemoLanguage, string>>;
  readonly skills: readonly string[];
  readonly physicalDemands: readonly Demand[];
}

export const SECTORS: readonly DemoSector[] = [
  {
    sector: 'care',
    legalType: 'asbl',
    hostNames: {
      fr: ['Maison de repos Les Tilleuls', 'Résidence Le Bosquet'],
      nl: ['Woonzorgcentrum De Linde', 'Residentie Ter Beuken'],
    },
    job: { fr: 'Aide logistique en maison de repos', nl: 'Logistiek medewerker woonzorgcentrum' },
    tasks: {
      fr: 'Service des repas, accompagnement des résidents aux activités',
      nl: 'Maaltijden opdienen, bewoners naar activiteiten begeleiden',
    },
    skills: ['care_assistance', 'cleaning'],
    physicalDemands: ['prolonged_standing'],
  },
  {
    sector: 'catering',
    legalType: 'social_economy',
    hostNames: {
      fr: ['Restaurant social Le Pont', 'Cantine solidaire La Marmite'],
      nl: ['Sociaal restaurant De Brug', 'Buurtrestaurant Den Azalee'],
    },
    job: { fr: 'Aide-cuisinier·ère', nl: 'Keukenhulp' },
    tasks: {
      fr: 'Préparation des légumes, mise en place, plonge',
      nl: 'Groenten voorbereiden, mise-en-place, afwas',
    },
    skills: ['cooking'],
    physicalDemands: ['prolonged_standing'],
  },
  {
    sector: 'cleaning',
    legalType: 'social_economy',
    hostNames: { fr: ['Propreté Services', 'Net & Clair'], nl: ['Proper Werk', 'Klaar & Net'] },
    job: { fr: 'Technicien·ne de surface', nl: 'Schoonmaakmedewerker' },
    tasks: {
      fr: 'Nettoyage de bureaux et de locaux communautaires',
      nl: 'Kantoren en gemeenschapslokalen schoonmaken',
    },
    skills: ['cleaning'],
    physicalDemands: ['repetitive_movements'],
  },
  {
    sector: 'green_spaces',
    legalType: 'municipality',
    hostNames: {
      fr: ['Service des espaces verts communal', 'Régie communale des parcs'],
      nl: ['Gemeentelijke groendienst', 'Parkendienst van de stad'],
    },
    job: { fr: 'Ouvrier·ère jardinier·ère', nl: 'Groenarbeider' },
    tasks: { fr: 'Tonte, taille des haies, plantations', nl: 'Maaien, hagen snoeien, aanplanten' },
    skills: ['gardening'],
    physicalDemands: ['outdoor_work'],
  },
  {
    sector: 'logistics',
    legalType: 'partner_company',
    hostNames: {
      fr: ['Entrepôt Logis-Centre', 'Distribution Solidaire'],
      nl: ['Magazijn Logistiek Centrum', 'Voedselbank Distributie'],
    },
    job: { fr: 'Magasinier·ère', nl: 'Magazijnier' },
    tasks: {
      fr: 'Réception et rangement des marchandises, préparation des colis',
      nl: 'Goederen ontvangen en opslaan, pakketten klaarmaken',
    },
    skills: ['handling'],
    physicalDemands: ['heavy_lifting'],
  },
  {
    sector: 'reception',
    legalType: 'public_body',
    hostNames: {
      fr: ['Bibliothèque communale', 'Maison de quartier'],
      nl: ['Openbare bibliotheek', 'Buurthuis'],
    },
    job: { fr: 'Agent·e d’accueil', nl: 'Onthaalmedewerker' },
    tasks: {
      fr: 'Accueil et orientation du public, prêt de livres',
      nl: 'Bezoekers ontvangen en doorverwijzen, boeken uitlenen',
    },
    skills: ['reception'],
    physicalDemands: [],
  },
  {
    sector: 'maintenance',
    legalType: 'asbl',
    hostNames: {
      fr: ['Centre culturel du Parc', 'Maison des jeunes'],
      nl: ['Cultureel centrum Het Park', 'Jeugdhuis'],
    },
    job: { fr: 'Ouvrier·ère polyvalent·e', nl: 'Klusjesmedewerker' },
    tasks: {
      fr: 'Petites réparations, peinture, montage des salles',
      nl: 'Kleine herstellingen, schilderwerk, zalen klaarzetten',
    },
    skills: ['maintenance'],
    physicalDemands: ['work_at_height'],
  },
  {
    sector: 'laundry',
    legalType: 'social_economy',
    hostNames: {
      fr: ['Blanchisserie sociale du Canal', 'Lavoir solidaire'],
      nl: ['Sociale wasserij Het Kanaal', 'Strijkatelier'],
    },
    job: { fr: 'Ouvrier·ère de blanchisserie', nl: 'Wasserijmedewerker' },
    tasks: {
      fr: 'Tri, lavage, repassage et pliage du linge',
      nl: 'Was sorteren, wassen, strijken en plooien',
    },
    skills: ['laundry'],
    physicalDemands: ['prolonged_standing'],
  },
];

/** What the officer writes about each stage, in the CPAS's language. */
export const TEXTS = {
  visitSummary: {
    fr: 'Visite préalable favorable : analyse de risques disponible, EPI fournis, tuteur désigné.',
    nl: 'Gunstig voorafgaand bezoek: risicoanalyse beschikbaar, PBM voorzien, peter/meter aangeduid.',
  },
  hostAssessment: {
    fr: 'Visite de prévention favorable ; partenaire recommandé.',
    nl: 'Gunstig preventiebezoek; partner aanbevolen.',
  },
  engagementAssessment: {
    fr: 'Candidat·e motivé·e ; poste adapté à son projet.',
    nl: 'Gemotiveerde kandidaat; job past bij het traject.',
  },
  reopeningAssessment: {
    fr: 'Les trois propositions sont conformes à l’analyse de l’agent d’insertion.',
    nl: 'De drie voorstellen volgen de analyse van de trajectbegeleider.',
  },
  amendedStart: {
    fr: 'Date de début convenue avec l’utilisateur.',
    nl: 'Startdatum afgesproken met de gebruiker.',
  },
  conclusive: {
    fr: 'Bonne intégration dans l’équipe ; le tuteur confirme la suite du contrat.',
    nl: 'Goed geïntegreerd in het team; de peter bevestigt de verderzetting.',
  },
  notConclusive: {
    fr: 'Rythme trop soutenu pour commencer ; une formation d’abord, puis un autre poste.',
    nl: 'Het tempo was te hoog om te starten; eerst een opleiding, dan een andere job.',
  },
  endedEarly: {
    fr: 'Arrêt à la demande de la personne pour raison de santé ; le suivi ISP continue.',
    nl: 'Stopgezet op vraag van de persoon om gezondheidsredenen; de begeleiding loopt verder.',
  },
} as const satisfies Record<string, Readonly<Record<DemoLanguage, string>>>;
