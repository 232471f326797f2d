import { StoredSession } from './session';

/** Port: sessions kept server-side (the cookie holds only the id), shared by every console instance. */
export interface SessionStore {
  create(session: StoredSession): Promise<void>;
  find(idHash: Buffer): Promise<StoredSession | null>;
  touch(idHash: Buffer, at: Date): Promise<void>;
  delete(idHash: Buffer): Promise<void>;
  /** Removes sessions unused since `idleBefore` or created before `createdBefore`; returns how many. */
  deleteExpired(idleBefore: Date, createdBefore: Date): Promise<number>;
}

export const SESSION_STORE = Symbol('SESSION_STORE');
