import { Inject, Injectable } from '@nestjs/common';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/console.config';
import { CLOCK, Clock } from '../infrastructure/clock';
import {
  isLive,
  LiveSession,
  newCsrfToken,
  newSessionId,
  openCredential,
  Principal,
  sealCredential,
  sessionIdHash,
} from './session';
import { SESSION_STORE, SessionStore } from './session-store.port';

/** Opens, resumes and closes sessions; the one place that knows how ids, hashes and sealing fit together. */
@Injectable()
export class Sessions {
  constructor(
    @Inject(SESSION_STORE) private readonly store: SessionStore,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns the new session id, for the cookie only. */
  async open(principal: Principal, credential: string): Promise<string> {
    const now = this.clock.now();
    const { idleMs, maxMs } = this.config.sessions;
    // Sign-in is rare enough to sweep on: expired sessions never pile up.
    await this.store.deleteExpired(new Date(now.getTime() - idleMs), new Date(now.getTime() - maxMs));
    const sessionId = newSessionId();
    await this.store.create({
      idHash: sessionIdHash(sessionId),
      principal,
      sealedCredential: sealCredential(sessionId, credential),
      csrfToken: newCsrfToken(),
      createdAt: now,
      lastSeenAt: now,
    });
    return sessionId;
  }

  /** The live session for a cookie's id, its idle clock restarted; null when unknown or expired. */
  async resume(sessionId: string): Promise<LiveSession | null> {
    const idHash = sessionIdHash(sessionId);
    const stored = await this.store.find(idHash);
    if (!stored) return null;
    const now = this.clock.now();
    if (!isLive(stored, now, this.config.sessions)) {
      await this.store.delete(idHash);
      return null;
    }
    const credential = openCredential(sessionId, stored.sealedCredential);
    if (credential === null) return null;
    await this.store.touch(idHash, now);
    return { principal: stored.principal, credential, csrfToken: stored.csrfToken };
  }

  async close(sessionId: string): Promise<void> {
    await this.store.delete(sessionIdHash(sessionId));
  }
}
