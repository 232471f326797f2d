import { ConsoleSessions1765000000000 } from './1765000000000-console-sessions.migration';

export const CONSOLE_MIGRATIONS = [ConsoleSessions1765000000000];
