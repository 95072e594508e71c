import { createI18n } from 'vue-i18n';
import sv, { type Messages } from './sv';

export type Locale = 'sv' | 'en';
export const LOCALES: readonly Locale[] = ['sv', 'en'];
const STORAGE_KEY = 'uppsikt:locale';

function storedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'sv';
  } catch {
    return 'sv';
  }
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'sv',
  fallbackLocale: 'sv',
  messages: { sv } as Record<Locale, Messages>,
  missingWarn: false,
  fallbackWarn: false,
});

async function loadMessages(locale: Locale): Promise<void> {
  if (locale === 'sv' || i18n.global.availableLocales.includes(locale)) return;
  const en = (await import('./en')).default;
  i18n.global.setLocaleMessage('en', en);
}

/** Switches the UI language (Swedish is the default); English messages load on first use. */
export async function setLocale(locale: Locale): Promise<void> {
  await loadMessages(locale);
  i18n.global.locale.value = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice just isn't remembered
  }
}

/** Restores the last chosen language (call once at start-up). */
export async function restoreLocale(): Promise<void> {
  const locale = storedLocale();
  if (locale !== 'sv') await setLocale(locale);
}
