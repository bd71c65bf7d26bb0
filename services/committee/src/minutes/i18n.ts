import i18next, { type TFunction } from 'i18next';
import fr from './locales/fr-BE.json' with { type: 'json' };
import nl from './locales/nl-BE.json' with { type: 'json' };

/** The languages of the minutes: French first, Dutch second (DOMAIN.md). */
export const LOCALES = { fr: 'fr-BE', nl: 'nl-BE' } as const;
export type Lang = keyof typeof LOCALES;

let ready: Promise<typeof i18next> | undefined;

const instance = () => {
  ready ??= (async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: LOCALES.fr,
      fallbackLng: LOCALES.fr,
      resources: { [LOCALES.fr]: { translation: fr }, [LOCALES.nl]: { translation: nl } },
      // Text goes into a PDF, not HTML: no escaping of apostrophes and quotes.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    return i18n;
  })();
  return ready;
};

/** The translation function of a language, and its day formatter (Belgian formats). */
export const translator = async (lang: Lang): Promise<{ t: TFunction; day: (iso: string) => string }> => {
  const i18n = await instance();
  const formatter = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: 'UTC' });
  return {
    t: i18n.getFixedT(LOCALES[lang]),
    day: (iso) => formatter.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)),
  };
};
