import { UpstreamAnswer } from '../infrastructure/upstream-http';

export type Channel = 'PHONE' | 'CHAT' | 'EMAIL';
export const CHANNELS: readonly Channel[] = ['PHONE', 'CHAT', 'EMAIL'];

export interface ContractState {
  contractId: string;
  status: 'QUOTE' | 'ACTIVE' | 'TERMINATED';
  signerCustomerId: string;
  changedAt: string;
}

export interface CustomerContracts {
  customerId: string;
  customerRelationship: boolean;
  contracts: ContractState[];
}

export interface Registration {
  registrationId: string;
  customerId: string;
  status: 'ACTIVE' | 'REVOKED';
  memberNumberMasked: string;
  householdId: string;
  channel: Channel;
  recordedBy: string;
  effectiveAt: string;
  revokedAt?: string | null;
  revokedBy?: string;
  replacedRegistrationId?: string | null;
}

export interface HistoryEntry {
  eventId: string;
  eventType: 'ConsentGranted' | 'ConsentRevoked';
  registrationId: string;
  memberNumberMasked: string;
  householdId: string;
  effectiveAt: string;
  channel: Channel;
  recordedBy: string;
}

export interface RegistrationState {
  customerId: string;
  status: 'ACTIVE' | 'REVOKED' | 'NOT_REGISTERED';
  current: Registration | null;
  history: HistoryEntry[];
}

export interface RegisterRequest {
  customerId: string;
  memberNumber: string;
  channel: Channel;
  consent: boolean;
}

/** Port: the registration service's HTTP API (docs/registration-api.md), called with the agent's own key. */
export interface RegistrationApi {
  whoAmI(key: string): Promise<UpstreamAnswer<{ agentId: string }>>;
  customer(key: string, customerId: string): Promise<UpstreamAnswer<CustomerContracts>>;
  registration(key: string, customerId: string): Promise<UpstreamAnswer<RegistrationState>>;
  register(key: string, request: RegisterRequest): Promise<UpstreamAnswer<Registration>>;
  revoke(key: string, customerId: string, channel: Channel): Promise<UpstreamAnswer<Registration>>;
}

export const REGISTRATION_API = Symbol('REGISTRATION_API');
