import { effectiveFacts, factsCloseAt } from './correction-window';

describe('effectiveFacts', () => {
  const DAY = 86_400_000;
  const issuedAtMs = Date.parse('2026-11-10T00:00:00Z');
  const fact = (eventId: string, recordedAtMs?: number | null) => ({ eventId, recordedAtMs });

  it('counts facts recorded while the invoice was inside the window, and facts recorded before the rule', () => {
    const history = [fact('legacy', null), fact('early', issuedAtMs - DAY), fact('edge', issuedAtMs + DAY)];
    expect(effectiveFacts(history, { issuedAtMs }, { windowMs: DAY })).toBe(history);
  });

  it('leaves out a fact recorded after the window had closed for the invoice, unless asked to count it', () => {
    const history = [fact('early', issuedAtMs), fact('late', issuedAtMs + DAY + 1)];
    expect(effectiveFacts(history, { issuedAtMs }, { windowMs: DAY }).map((f) => f.eventId)).toEqual(['early']);
    const window = { windowMs: DAY, alsoEffective: new Set(['late']) };
    expect(effectiveFacts(history, { issuedAtMs }, window).map((f) => f.eventId)).toEqual(['early', 'late']);
  });

  it('counts every fact recorded before the invoice arrived, however late the invoice came', () => {
    const history = [fact('before', issuedAtMs + 10 * DAY), fact('after', issuedAtMs + 20 * DAY + 1)];
    const invoice = { issuedAtMs, recordedAtMs: issuedAtMs + 20 * DAY };
    expect(effectiveFacts(history, invoice, { windowMs: DAY }).map((f) => f.eventId)).toEqual(['before']);
    expect(factsCloseAt(invoice, DAY)).toBe(issuedAtMs + 20 * DAY);
    expect(factsCloseAt({ issuedAtMs, recordedAtMs: null }, DAY)).toBe(issuedAtMs + DAY);
  });
});
