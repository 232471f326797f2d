/** One API action as the audit table keeps it: who, what, when, channel, outcome. */
export interface AuditEntry {
  at: Date;
  agentId: string | null;
  action: 'REGISTER' | 'REVOKE' | 'READ' | 'UNKNOWN';
  customerId: string | null;
  channel: string | null;
  memberNumberMasked: string | null;
  httpStatus: number;
  outcome: string;
}

/** Port: the audit table. */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
}

export const AUDIT_TRAIL = Symbol('AUDIT_TRAIL');
