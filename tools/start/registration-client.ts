import { issueApiKey } from '../infra/service-process';
import { DemoCustomer } from './demo-data';
import { Stack } from './stack';

/** Issues an API key for an agent with the service's own CLI, as an operator would. */
export async function issueDemoApiKey(stack: Stack, agentId: string): Promise<string> {
  return issueApiKey(stack.databaseUrl, agentId);
}

/** The customer-service agent's side of the registration API. */
export class RegistrationClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async register(c: DemoCustomer, memberNumber: string): Promise<{ status: number; summary: string }> {
    const response = await fetch(`${this.baseUrl}/v1/registrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: c.customerId, memberNumber, channel: c.register, consent: true }),
    });
    const body = (await response.json()) as {
      status?: string;
      householdId?: string;
      code?: string;
      message?: string | string[];
    };
    const summary = response.ok
      ? `${body.status} household ${body.householdId}`
      : `${body.code ?? ''} ${[body.message].flat().join('; ')}`.trim();
    return { status: response.status, summary };
  }

  async revoke(customerId: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/v1/registrations/${encodeURIComponent(customerId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${this.apiKey}` },
    });
    if (!response.ok) throw new Error(`revoking ${customerId} failed: ${response.status} ${await response.text()}`);
  }

  /** Puts the demo's members into the S-Group register stand-in, over its HTTP API. */
  async addMembersToRegister(registryUrl: string, customers: DemoCustomer[]): Promise<void> {
    for (const c of customers.filter((x) => x.memberNumber)) {
      const response = await fetch(`${registryUrl}/v1/owner-customers/${c.memberNumber}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ householdId: c.householdId, ownerCustomer: c.ownerCustomer ?? true }),
      });
      if (!response.ok) throw new Error(`register stand-in refused ${c.memberNumber}: ${response.status}`);
    }
  }
}
