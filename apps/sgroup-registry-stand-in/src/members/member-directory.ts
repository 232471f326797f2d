import { readFileSync } from 'node:fs';
import { validatePlain } from '@sa/contracts';
import { OwnerCustomer } from './owner-customer';

/** The stand-in's behaviour knobs, for tests of a slow or failing register. */
export interface RegisterBehaviour {
  delayMs: number;
  failWith503: boolean;
}

/** S-Group's register, in memory: seeded from a file, changed over HTTP. */
export class MemberDirectory {
  private readonly members = new Map<string, OwnerCustomer>();
  behaviour: RegisterBehaviour = { delayMs: 0, failWith503: false };

  constructor(seed: OwnerCustomer[] = []) {
    for (const member of seed) this.members.set(member.memberNumber, member);
  }

  static fromSeedFile(path: string): MemberDirectory {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${path}: the seed must be a JSON array of owner-customers`);
    const members = parsed.map((entry, index) => {
      const decoded = validatePlain(OwnerCustomer, entry);
      if (!decoded.ok) throw new Error(`${path}[${index}]: ${decoded.message}`);
      return decoded.value;
    });
    return new MemberDirectory(members);
  }

  find(memberNumber: string): OwnerCustomer | undefined {
    return this.members.get(memberNumber);
  }

  put(member: OwnerCustomer): void {
    this.members.set(member.memberNumber, member);
  }

  remove(memberNumber: string): boolean {
    return this.members.delete(memberNumber);
  }

  get size(): number {
    return this.members.size;
  }
}
