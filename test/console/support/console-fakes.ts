import {
  Channel,
  CustomerContracts,
  RegisterRequest,
  Registration,
  RegistrationApi,
  RegistrationState,
} from '../../../apps/console/src/agents/registration-api.port';
import { UpstreamAnswer } from '../../../apps/console/src/infrastructure/upstream-http';
import { StoredSession } from '../../../apps/console/src/sessions/session';
import { SessionStore } from '../../../apps/console/src/sessions/session-store.port';

/** In-memory SessionStore for unit specs. */
export class InMemorySessionStore implements SessionStore {
  readonly rows = new Map<string, StoredSession>();

  async create(session: StoredSession): Promise<void> {
    this.rows.set(session.idHash.toString('hex'), { ...session });
  }

  async find(idHash: Buffer): Promise<StoredSession | null> {
    return this.rows.get(idHash.toString('hex')) ?? null;
  }

  async touch(idHash: Buffer, at: Date): Promise<void> {
    const row = this.rows.get(idHash.toString('hex'));
    if (row) row.lastSeenAt = at;
  }

  async delete(idHash: Buffer): Promise<void> {
    this.rows.delete(idHash.toString('hex'));
  }

  async deleteExpired(idleBefore: Date, createdBefore: Date): Promise<number> {
    let n = 0;
    for (const [key, row] of this.rows)
      if (row.lastSeenAt <= idleBefore || row.createdAt <= createdBefore) n += Number(this.rows.delete(key));
    return n;
  }
}

type Answer<T> = UpstreamAnswer<T>;

/** A RegistrationApi whose answers a spec sets, recording what it was asked. */
export class ScriptedRegistrationApi implements RegistrationApi {
  readonly calls: Array<[string, ...unknown[]]> = [];
  whoAmIAnswer: Answer<{ agentId: string }> = { kind: 'unauthorized' };
  registerAnswer: Answer<Registration> = { kind: 'unreachable', reason: 'not scripted' };
  revokeAnswer: Answer<Registration> = { kind: 'unreachable', reason: 'not scripted' };
  customerAnswer: Answer<CustomerContracts> = { kind: 'unreachable', reason: 'not scripted' };
  registrationAnswer: Answer<RegistrationState> = { kind: 'unreachable', reason: 'not scripted' };

  async whoAmI(key: string) {
    this.calls.push(['whoAmI', key]);
    return this.whoAmIAnswer;
  }
  async customer(key: string, customerId: string) {
    this.calls.push(['customer', key, customerId]);
    return this.customerAnswer;
  }
  async registration(key: string, customerId: string) {
    this.calls.push(['registration', key, customerId]);
    return this.registrationAnswer;
  }
  async register(key: string, request: RegisterRequest) {
    this.calls.push(['register', key, request]);
    return this.registerAnswer;
  }
  async revoke(key: string, customerId: string, channel: Channel) {
    this.calls.push(['revoke', key, customerId, channel]);
    return this.revokeAnswer;
  }
}
