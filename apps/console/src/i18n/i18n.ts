import { en, MessageKey, Messages } from './messages.en';
import { fi } from './messages.fi';

/** The languages offered; adding Swedish is one messages file and one line here. */
export const LANGUAGES = { en, fi } as const satisfies Record<string, Messages>;
export type Language = keyof typeof LANGUAGES;
export const DEFAULT_LANGUAGE: Language = 'en';
export const LANGUAGE_COOKIE = 'console_lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value);
}

/** A translator for one language: `t('regACTIVE', { member: '******7890' })`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const messages = LANGUAGES[language];
  // A value from an API this file has no text for yet is shown as it came, not turned into an error.
  return (key, params = {}) =>
    (messages[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}

/** A key built from a value the APIs send (a code, a status), when this file has a text for it. */
export function knownKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
