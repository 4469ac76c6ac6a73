import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';

import { en } from '@/locales/en';
import { es } from '@/locales/es';
import { pl } from '@/locales/pl';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
  { code: 'pl', label: 'Polski' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

/** Where the chosen language is remembered between visits. */
export const LANGUAGE_STORAGE_KEY = 'dialogo.language';

export const i18n = i18next.createInstance();

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    // The three catalogues are a few kilobytes; bundling them keeps the first paint synchronous.
    resources: { en: { translation: en }, es: { translation: es }, pl: { translation: pl } },
    supportedLngs: LANGUAGES.map((language) => language.code),
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
    },
    initAsync: false,
    returnNull: false,
  });

function syncDocumentLanguage(language: string | undefined) {
  if (typeof document !== 'undefined' && language) document.documentElement.lang = language;
}
syncDocumentLanguage(i18n.resolvedLanguage);
i18n.on('languageChanged', () => syncDocumentLanguage(i18n.resolvedLanguage));

export function currentLanguage(): LanguageCode {
  const resolved = i18n.resolvedLanguage;
  return LANGUAGES.find((language) => language.code === resolved)?.code ?? 'en';
}
