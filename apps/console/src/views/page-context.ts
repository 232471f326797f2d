import { Language, Translate } from '../i18n/i18n';
import { LiveSession } from '../sessions/session';

/** What every page is rendered with: the language, its texts, and the session (null on sign-in pages). */
export interface PageContext {
  language: Language;
  t: Translate;
  session: LiveSession | null;
  /** The path and query of this request, for the language switch to come back to. */
  path: string;
}
