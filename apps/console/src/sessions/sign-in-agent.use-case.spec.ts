import { InMemorySessionStore, ScriptedRegistrationApi } from '../../../../test/console/support/console-fakes';
import { ConsoleConfig } from '../config/console.config';
import { openCredential, sessionIdHash } from './session';
import { Sessions } from './sessions';
import { SignInAgentUseCase } from './sign-in-agent.use-case';

const config = { sessions: { idleMs: 60_000, maxMs: 3_600_000, secureCookie: false } } as ConsoleConfig;

describe('SignInAgentUseCase', () => {
  const setup = () => {
    const api = new ScriptedRegistrationApi();
    const store = new InMemorySessionStore();
    const clock = { now: () => new Date('2026-11-25T10:00:00Z') };
    return { api, store, useCase: new SignInAgentUseCase(api, new Sessions(store, config, clock)) };
  };

  it('opens a session for the agent the API names as the key holder, the key sealed under its id', async () => {
    const { api, store, useCase } = setup();
    api.whoAmIAnswer = { kind: 'ok', status: 200, body: { agentId: 'agent-17' } };
    const outcome = await useCase.execute('agent-17', 'sak_key');
    if (outcome.kind !== 'signed-in') throw new Error(outcome.kind);
    const row = await store.find(sessionIdHash(outcome.sessionId));
    expect(row).toMatchObject({ principal: { kind: 'agent', agentId: 'agent-17' } });
    expect(openCredential(outcome.sessionId, row!.sealedCredential)).toBe('sak_key');
  });

  it('refuses a real key typed under another agent id, a wrong key, and empty fields; records nothing', async () => {
    const { api, store, useCase } = setup();
    api.whoAmIAnswer = { kind: 'ok', status: 200, body: { agentId: 'agent-17' } };
    expect(await useCase.execute('agent-99', 'sak_key')).toEqual({ kind: 'wrong-credentials' });
    api.whoAmIAnswer = { kind: 'unauthorized' };
    expect(await useCase.execute('agent-17', 'sak_wrong')).toEqual({ kind: 'wrong-credentials' });
    expect(await useCase.execute('', '')).toEqual({ kind: 'wrong-credentials' });
    expect(api.calls).toHaveLength(2);
    expect(store.rows.size).toBe(0);
  });

  it('says the check is unavailable when the registration API cannot be reached', async () => {
    const { api, useCase } = setup();
    api.whoAmIAnswer = { kind: 'unreachable', reason: 'ECONNREFUSED' };
    expect(await useCase.execute('agent-17', 'sak_key')).toEqual({ kind: 'unavailable' });
  });
});
