import { Client } from 'pg';
import { parsePrometheusText, sumOf } from '../../tools/infra/prometheus-text';
import { asOps } from '../support/test-infra';
import { consent, contractChange, invoice, memberNumber, uid } from './support/bonus-inputs';
import { PipelineHarness } from './support/pipeline-harness';
import { conflictingCopies, duplicateCount, netByInvoice } from './support/workload';

describe('bonus pipeline under database failures (real Kafka + PostgreSQL)', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await PipelineHarness.create();
    await h.startInProcess({ BONUS_MAX_BATCH_SIZE: '20' });
  });
  afterAll(() => h?.close());

  it(
    'retries batches while its database connections are being killed: nothing dead-lettered, ' +
      'nothing lost, sums exact',
    async () => {
      const signer = { customerId: uid('C'), contractId: uid('K'), member: memberNumber() };
      const facts = [
        contractChange({
          contractId: signer.contractId,
          signerCustomerId: signer.customerId,
          changedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
        }),
      ];
      await h.sendContracts(facts);
      const granted = consent({
        customerId: signer.customerId,
        memberNumber: signer.member,
        householdId: 'H-t',
        effectiveAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
      });
      await h.sendConsents([granted]);
      await h.waitForAbsorbed([facts[0].eventId, granted.eventId]);

      const admin = new Client({ connectionString: h.db.url });
      await admin.connect();
      let killed = 0;
      let chaos = true;
      const killer = (async () => {
        while (chaos) {
          const { rowCount } = await admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = 'bonus-pipeline'`,
          );
          killed += rowCount ?? 0;
          await new Promise((r) => setTimeout(r, 150));
        }
      })();
      const invoices = Array.from({ length: 200 }, (_, n) =>
        invoice({
          customerId: signer.customerId,
          contractId: signer.contractId,
          issuedAt: new Date(Date.now() - 10 * 86_400_000 + n * 1000).toISOString(),
          monthlyFeeCents: 100 + n,
        }),
      );
      try {
        for (let i = 0; i < invoices.length; i += 20) {
          await h.sendInvoices(invoices.slice(i, i + 20));
          await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        chaos = false;
        await killer;
        await admin.end();
      }
      expect(killed).toBeGreaterThan(0);
      await h.waitForDecisions(
        invoices.map((i) => i.eventId),
        120_000,
      );
      await h.quiesce(1500);
      // A relay publish whose outbox delete was killed is published again: same eventId, same bytes.
      const net = netByInvoice(h.purchases());
      expect(invoices.map((i) => net.get(i.invoiceId)?.get(signer.member))).toEqual(
        invoices.map((i) => i.lines[0].grossAmountCents),
      );
      expect(conflictingCopies(h)).toEqual([]);
      expect(h.deadLetters()).toEqual([]);
      // Counted after COMMIT only: a rolled-back attempt and its retry never count twice. (A commit whose
      // answer was lost counts nothing, so the count may fall short of 200, never exceed it.)
      const url = (await h.apps[0].getUrl()).replace('[::1]', '127.0.0.1');
      const samples = parsePrometheusText(await (await fetch(`${url}/metrics`, asOps())).text());
      const recorded = sumOf(samples, 'bonus_decisions_total', { decision: 'BONUS_RECORDED' }) ?? 0;
      expect(recorded).toBeGreaterThan(0);
      expect(recorded).toBeLessThanOrEqual(invoices.length);
      process.stdout.write(
        `transient failures: ${killed} connections killed, ` +
          `${sumOf(samples, 'bonus_database_retries_total')} batches retried (bonus_database_retries_total), ` +
          `${duplicateCount(h, h.topics.bonusPurchases)} identical republished purchases\n`,
      );
    },
  );
});
