import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSeedPath } from '../demo-seed';
import { MemberDirectory } from './member-directory';

describe('MemberDirectory', () => {
  it('loads the demo seed: owner-customers and members outside any owner-customer household', () => {
    const directory = MemberDirectory.fromSeedFile(demoSeedPath());
    expect(directory.size).toBe(10);
    expect(directory.find('1234567890')).toEqual({
      memberNumber: '1234567890',
      householdId: 'H-42',
      ownerCustomer: true,
    });
    expect(directory.find('8901234567')?.ownerCustomer).toBe(false);
    expect(directory.find('0000000000')).toBeUndefined();
  });

  it('refuses a seed entry that is not a register entry, naming it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seed-')), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify([
        { memberNumber: '1234567890', householdId: 'H-1', ownerCustomer: true },
        { memberNumber: '6046123412341234', householdId: 'H-1', ownerCustomer: true },
      ]),
    );
    expect(() => MemberDirectory.fromSeedFile(file)).toThrow(/\[1\]: memberNumber must be exactly 10 digits/);
  });

  it('changes and removes members', () => {
    const directory = new MemberDirectory();
    directory.put({ memberNumber: '1234567890', householdId: null, ownerCustomer: false });
    expect(directory.find('1234567890')?.ownerCustomer).toBe(false);
    expect(directory.remove('1234567890')).toBe(true);
    expect(directory.remove('1234567890')).toBe(false);
  });
});
