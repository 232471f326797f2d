import { ScriptedRegistrationApi } from '../../../../test/console/support/console-fakes';
import { RegisterCustomerUseCase } from './register-customer.use-case';
import { Registration } from './registration-api.port';

const registration: Registration = {
  registrationId: 'r-1',
  customerId: 'C-1',
  status: 'ACTIVE',
  memberNumberMasked: '******7890',
  householdId: 'H-42',
  channel: 'PHONE',
  recordedBy: 'agent-17',
  effectiveAt: '2026-11-25T10:00:00.000Z',
  replacedRegistrationId: null,
};
const request = { customerId: 'C-1', memberNumber: '1234567890', channel: 'PHONE' as const, consent: true };

describe('RegisterCustomerUseCase', () => {
  it('tells a new grant, a replacement and an idempotent repeat apart', async () => {
    const api = new ScriptedRegistrationApi();
    const useCase = new RegisterCustomerUseCase(api);
    api.registerAnswer = { kind: 'ok', status: 201, body: registration };
    expect((await useCase.execute('k', request)).kind).toBe('registered');
    api.registerAnswer = { kind: 'ok', status: 201, body: { ...registration, replacedRegistrationId: 'r-0' } };
    expect((await useCase.execute('k', request)).kind).toBe('replaced');
    api.registerAnswer = { kind: 'ok', status: 200, body: registration };
    expect((await useCase.execute('k', request)).kind).toBe('already-active');
    expect(api.calls[0]).toEqual(['register', 'k', request]);
  });

  it("turns the API's refusal into the reason the agent is told", async () => {
    const api = new ScriptedRegistrationApi();
    api.registerAnswer = { kind: 'refused', status: 422, code: 'NOT_OWNER_CUSTOMER', message: 'R9', fields: [] };
    expect(await new RegisterCustomerUseCase(api).execute('k', request)).toEqual({
      kind: 'refused',
      refusal: { reason: 'NOT_OWNER_CUSTOMER' },
    });
  });
});
