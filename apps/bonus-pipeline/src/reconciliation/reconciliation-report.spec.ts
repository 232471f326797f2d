import { helsinkiMonth } from './helsinki-month';
import { MonthRecords } from './reconciliation-reader.port';
import { CSV_COLUMNS, reconciliationCsv, reconciliationReport } from './reconciliation-report';

const month = helsinkiMonth(2026, 11);

function records(overrides: Partial<MonthRecords> = {}): MonthRecords {
  return {
    sent: [
      {
        householdId: 'H-2',
        members: 1,
        invoices: 2,
        recordedCount: 2,
        recordedCents: 9980,
        reversedCount: 1,
        reversedCents: -1000,
        events: 3,
        correctionEvents: 1,
        correctionCents: 4990,
      },
      {
        householdId: 'H-1',
        members: 2,
        invoices: 1,
        recordedCount: 1,
        recordedCents: 4990,
        reversedCount: 0,
        reversedCents: 0,
        events: 1,
        correctionEvents: 0,
        correctionCents: 0,
      },
    ],
    distinct: { households: 2, members: 3, invoices: 3 },
    eligible: [
      { householdId: 'H-1', cents: 4990 },
      { householdId: 'H-2', cents: 8980 },
    ],
    documents: { invoices: 5, creditNotes: 1 },
    decisions: [
      { decision: 'BONUS_RECORDED', reason: null, correction: false, count: 2, amountChangeCents: 9980 },
      { decision: 'BONUS_REVERSED', reason: null, correction: false, count: 1, amountChangeCents: -1000 },
      { decision: 'BONUS_RECORDED', reason: null, correction: true, count: 1, amountChangeCents: 4990 },
      { decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED', correction: false, count: 2, amountChangeCents: 0 },
    ],
    householdDecisions: [
      {
        householdId: 'H-2',
        invoicesSeen: 2,
        creditNotesSeen: 1,
        decisions: [
          { decision: 'BONUS_RECORDED', reason: null, correction: false, count: 1 },
          { decision: 'BONUS_REVERSED', reason: null, correction: false, count: 1 },
          { decision: 'BONUS_RECORDED', reason: null, correction: true, count: 1 },
        ],
      },
      {
        householdId: null,
        invoicesSeen: 2,
        creditNotesSeen: 0,
        decisions: [{ decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED', correction: false, count: 2 }],
      },
      {
        householdId: 'H-1',
        invoicesSeen: 1,
        creditNotesSeen: 0,
        decisions: [{ decision: 'BONUS_RECORDED', reason: null, correction: false, count: 1 }],
      },
    ],
    deadLetters: [{ errorCode: 'SCHEMA_VIOLATION', count: 2 }],
    members: [],
    eventIds: { count: 4, sha256: 'abc' },
    ...overrides,
  };
}

describe('reconciliationReport', () => {
  it('orders households by id, nets recorded and reversed, and totals every figure', () => {
    const report = reconciliationReport(month, records());
    expect(report.households.map((h) => [h.householdId, h.netCents, h.eligibleCents, h.invoicesSeen])).toEqual([
      ['H-1', 4990, 4990, 1],
      ['H-2', 8980, 8980, 2],
      [null, 0, 0, 2],
    ]);
    expect(report.households.at(-1)).toMatchObject({
      members: 0,
      creditNotesSeen: 0,
      decisions: [{ decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED', correction: false, count: 2 }],
    });
    expect(report.total).toMatchObject({
      households: 2,
      members: 3,
      invoices: 3,
      invoicesSeen: 5,
      creditNotesSeen: 1,
      recordedCount: 3,
      recordedCents: 14970,
      reversedCount: 1,
      reversedCents: -1000,
      netCents: 13970,
      eligibleCents: 13970,
      events: 4,
      correctionEvents: 1,
      correctionCents: 4990,
      decisionsNetCents: 13970,
      deadLetters: 2,
    });
    expect(report.partner).toMatchObject({ partnerId: 'sector-alarm-fi', events: 4, netCents: 13970 });
    expect(report.checks).toEqual({ eligibleEqualsSent: true, decisionsEqualSent: true });
    expect([report.from, report.to]).toEqual(['2026-10-31T22:00:00.000Z', '2026-11-30T22:00:00.000Z']);
  });

  it('flags a household whose eligible amount differs from what was sent, and decisions that do not add up', () => {
    const report = reconciliationReport(
      month,
      records({
        eligible: [{ householdId: 'H-3', cents: 100 }],
        decisions: [{ decision: 'BONUS_RECORDED', reason: null, correction: false, count: 1, amountChangeCents: 1 }],
      }),
    );
    expect(report.households.find((h) => h.householdId === 'H-3')).toMatchObject({ netCents: 0, eligibleCents: 100 });
    expect(report.checks).toEqual({ eligibleEqualsSent: false, decisionsEqualSent: false });
  });
});

describe('reconciliationCsv', () => {
  it('has the documented header, one row per household and a total row with the JSON figures', () => {
    const report = reconciliationReport(month, records());
    const lines = reconciliationCsv(report).split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toBe('household,2026-11,H-1,2,1,4990,1,4990,0,0,4990,1,0,0,1,0');
    expect(lines[2]).toBe('household,2026-11,H-2,1,2,8980,2,9980,1,-1000,8980,3,1,4990,2,1');
    expect(lines[3]).toBe('no_household,2026-11,,0,0,0,0,0,0,0,0,0,0,0,2,0');
    expect(lines[4]).toBe('total,2026-11,,3,3,13970,3,14970,1,-1000,13970,4,1,4990,5,1');
    expect(lines[5]).toBe('');
  });

  it('quotes fields with commas or quotes and defuses spreadsheet formulas', () => {
    const sent = records().sent.map((s, i) => ({ ...s, householdId: i === 0 ? 'H,"x"' : '=cmd()' }));
    const csv = reconciliationCsv(reconciliationReport(month, records({ sent, eligible: [], householdDecisions: [] })));
    expect(csv).toContain(',"H,""x""",');
    expect(csv).toContain(",'=cmd(),");
  });
});
