import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../infra/repo-root';
import { DemoCustomer } from './demo-data';
import { Stack } from './stack';

/** Issues an API key for an agent with the service's own CLI, as an operator would. */
export async function issueDemoApiKey(stack: Stack, agentId: string): Promise<string> {
  const root = repoRoot();
  const cli = spawnSync(
    process.execPath,
    ['-r', join(root, 'dist/tools/runtime/register-aliases.js'), join(root, 'dist/apps/registration-service/src/cli/issue-api-key.js'), '--agent', agentId],
    { env: { PATH: process.env.PATH ?? '', DATABASE_URL: stack.databaseUrl }, encoding: 'utf8' },
  );
  const key = cli.stdout.trim();
  if (cli.status !== 0 || !/^sak_\S+$/.test(key)) throw new Error(`issue-api-key failed (exit ${cli.status}):\n${cli.stdout}${cli.stderr}`);
  return key;
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
    const body = (await response.json()) as { status?: string; householdId?: string; code?: string; message?: string | string[] };
    const summary = response.ok ? `${body.status} household ${body.householdId}` : `${body.code ?? ''} ${[body.message].flat().join('; ')}`.trim();
    return { status: response.status, summary };
  }

  async revoke(customerId: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/v1/registrations/${encodeURIComponent(customerId)}`, { method: 'DELETE', headers: { authorization: `Bearer ${this.apiKey}` } });
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
