/** S-Group's member number (medlemsnummer): exactly 10 digits, never the 16-digit S-card number. */
export const MEMBER_NUMBER_PATTERN = /^\d{10}$/;

export const MEMBER_NUMBER_HINT =
  'memberNumber must be the 10-digit S-Group member number printed on the S-card ' +
  'or shown under "Own details" in Oma S-kanava; ' +
  'it is not the S-card number: ask the customer for the 10-digit member number';

/** Keeps the last 4 digits only, for logs and audit lines. */
export function maskMemberNumber(memberNumber: string): string {
  return memberNumber.length <= 4 ? '****' : `${'*'.repeat(memberNumber.length - 4)}${memberNumber.slice(-4)}`;
}
