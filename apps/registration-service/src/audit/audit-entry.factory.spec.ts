import { auditEntryFor } from './audit-entry.factory';

describe('auditEntryFor', () => {
  const at = new Date('2026-11-23T08:00:00Z');

  it('records who, what, channel and a masked member number for a registration', () => {
    const entry = auditEntryFor(
      {
        method: 'POST',
        path: '/v1/registrations',
        query: {},
        channel: undefined,
        body: { customerId: 'C-1', memberNumber: '1234567890', channel: 'PHONE' },
        agentId: 'agent-17',
        status: 201,
        outcome: 'GRANTED',
      },
      at,
    );
    expect(entry).toEqual({
      at,
      agentId: 'agent-17',
      action: 'REGISTER',
      customerId: 'C-1',
      channel: 'PHONE',
      memberNumberMasked: '******7890',
      httpStatus: 201,
      outcome: 'GRANTED',
    });
  });

  it('keeps no implausible member number or channel, and cuts a hostile customer id to size', () => {
    const entry = auditEntryFor(
      {
        method: 'POST',
        path: '/v1/registrations',
        query: {},
        channel: undefined,
        body: { customerId: `\u0000${'x'.repeat(500)}`, memberNumber: '6046123412341234', channel: 'FAX' },
        agentId: undefined,
        status: 400,
        outcome: undefined,
      },
      at,
    );
    expect(entry).toMatchObject({
      agentId: null,
      channel: null,
      memberNumberMasked: null,
      outcome: 'VALIDATION_FAILED',
    });
    expect(entry.customerId).toHaveLength(128);
    expect(entry.customerId!.startsWith('?')).toBe(true);
  });

  it('takes the customer from the path for reads and revocations', () => {
    expect(
      auditEntryFor(
        {
          method: 'DELETE',
          path: '/v1/registrations/C%2D1',
          query: {},
          channel: undefined,
          body: undefined,
          agentId: undefined,
          status: 401,
          outcome: undefined,
        },
        at,
      ),
    ).toMatchObject({ action: 'REVOKE', customerId: 'C-1', outcome: 'UNAUTHENTICATED' });
  });

  it('audits HEAD as a read and names 405 and 415 refusals', () => {
    const at405 = auditEntryFor(
      {
        method: 'PUT',
        path: '/v1/registrations/C-1',
        query: {},
        channel: undefined,
        body: undefined,
        agentId: 'agent-17',
        status: 405,
        outcome: undefined,
      },
      at,
    );
    expect(at405).toMatchObject({ action: 'UNKNOWN', customerId: 'C-1', outcome: 'METHOD_NOT_ALLOWED' });
    const head = auditEntryFor(
      {
        method: 'HEAD',
        path: '/v1/registrations/C-1',
        query: {},
        channel: undefined,
        body: undefined,
        agentId: 'agent-17',
        status: 200,
        outcome: 'READ_ACTIVE',
      },
      at,
    );
    expect(head.action).toBe('READ');
    const at415 = auditEntryFor(
      {
        method: 'POST',
        path: '/v1/registrations',
        query: {},
        channel: undefined,
        body: undefined,
        agentId: 'agent-17',
        status: 415,
        outcome: undefined,
      },
      at,
    );
    expect(at415.outcome).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  describe('the channel of a revocation', () => {
    const revocation = (query: unknown, channel: string | undefined, agentId: string | undefined) =>
      auditEntryFor(
        {
          method: 'DELETE',
          path: '/v1/registrations/C-1',
          body: {},
          query,
          agentId,
          status: 200,
          outcome: 'REVOKED',
          channel,
        },
        at,
      ).channel;

    it('is the one the revocation recorded, as the presenter names it, whether or not ?channel was given', () => {
      expect(revocation({ channel: 'PHONE' }, 'PHONE', 'agent-17')).toBe('PHONE');
      expect(revocation({}, 'CHAT', 'agent-17')).toBe('CHAT');
    });

    it('is taken from ?channel when nothing was revoked, and only when it names a channel', () => {
      expect(revocation({ channel: 'EMAIL' }, undefined, 'agent-17')).toBe('EMAIL');
      expect(revocation({ channel: 'FAX' }, undefined, 'agent-17')).toBeNull();
      expect(revocation({ channel: ['PHONE', 'CHAT'] }, undefined, 'agent-17')).toBeNull();
    });

    it('is not read from the query of an unauthenticated request', () => {
      expect(revocation({ channel: 'PHONE' }, undefined, undefined)).toBeNull();
    });
  });
});
