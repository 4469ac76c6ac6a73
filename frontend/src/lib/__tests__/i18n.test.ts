import { describe, expect, it } from 'vitest';

import { en } from '@/locales/en';
import { es } from '@/locales/es';
import { pl } from '@/locales/pl';

import { i18n, LANGUAGE_STORAGE_KEY } from '../i18n';

function detect(): string | readonly string[] | undefined {
  const detector = i18n.services.languageDetector as { detect: () => string | readonly string[] | undefined };
  return detector.detect();
}

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  );
}

describe('i18n', () => {
  it('prefers the language remembered in localStorage over the browser language', () => {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, 'pl');
    expect(detect()).toContain('pl');
  });

  it("falls back to the browser's language", () => {
    expect(detect()).toContain(navigator.language);
  });

  it('maps regional variants to the languages we ship', async () => {
    await i18n.changeLanguage('es-MX');
    expect(i18n.resolvedLanguage).toBe('es');
    await i18n.changeLanguage('de-DE');
    expect(i18n.resolvedLanguage).toBe('en');
  });

  it('has every English string translated, and nothing else', () => {
    // Besides English's one/other, a language may carry the plural forms it needs (Polish few/many).
    const withoutExtraPlurals = (tree: object) => keys(tree).filter((key) => !/_(zero|two|few|many)$/.test(key));
    expect(withoutExtraPlurals(es)).toEqual(keys(en));
    expect(withoutExtraPlurals(pl)).toEqual(keys(en));
    for (const catalogue of [es, pl]) {
      for (const key of keys(catalogue)) {
        expect(i18n.getResource(catalogue === es ? 'es' : 'pl', 'translation', key), key).toBeTruthy();
      }
    }
  });

  it('has every plural form each language uses for counts', () => {
    for (const [language, catalogue] of [['en', en], ['es', es], ['pl', pl]] as const) {
      // The forms counts of people, cases and minutes reach (Spanish "many" is for millions).
      const rules = new Intl.PluralRules(language);
      const forms = new Set(Array.from({ length: 1001 }, (_, count) => rules.select(count)));
      const all = new Set(keys(catalogue));
      for (const key of all) {
        if (!key.endsWith('_other')) continue;
        const base = key.slice(0, -'_other'.length);
        for (const form of forms) expect(all.has(`${base}_${form}`), `${language}: ${base}_${form}`).toBe(true);
      }
    }
  });
});
