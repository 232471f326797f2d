import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { BonusPurchaseEvent, DEFAULT_TOPICS, DeadLetterEvent, InvoiceDecisionEvent, InvoiceEvent } from '@sa/contracts';
import { contractEvent, creditNote, DemoCustomer, generatedCustomers, HAND_MADE, monthlyInvoice } from './demo-data';
import { issueDemoApiKey, RegistrationClient } from './registration-client';
import { waitForTopicsServed } from '../infra/topic-readiness';
import { Stack } from './stack';
import { TopicReader, waitForGroupCaughtUp } from './topic-reader';

const T = DEFAULT_TOPICS;
const DAY = 86_400_000;

/** The main job on demo data: contracts → registrations → consent events → a month of invoices → bonus purchases. */
export async function runDemoJob(stack: Stack, say: (line: string) => void, generated = 200): Promise<void> {
  const kafka = new Kafka({ brokers: [stack.kafka.bootstrapServers], clientId: 'demo', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  // The services created every topic; wait until the broker serves them all before producing or reading.
  await waitForTopicsServed(kafka, Object.values(T));
  const reader = await TopicReader.open(kafka, [T.consents, T.bonusPurchases, T.invoiceDecisions, T.deadLetters]);
  const customers = [...HAND_MADE, ...generatedCustomers(generated)];
  const started = Date.now();

  say(`1. CRM: ${customers.length} contracts signed two months ago → ${T.crmContracts}`);
  const signedAt = new Date(started - 60 * DAY).toISOString();
  await producer.send({
    topic: T.crmContracts,
    messages: customers.map((c) => ({ key: c.contractId, value: JSON.stringify(contractEvent(c, signedAt)) })),
  });
  await waitForGroupCaughtUp(kafka, 'registration-service', T.crmContracts);

  const registration = new RegistrationClient(
    stack.services.registration.url,
    await issueDemoApiKey(stack, 'agent-demo'),
  );
  await registration.addMembersToRegister(stack.services.registry.url, customers);
  say(`2. Customer service registers member numbers (agent-demo):`);
  const registered = await registerAll(registration, customers, say);
  await reader.waitFor(T.consents, registered);
  say(`   → ${reader.on(T.consents).length} ConsentGranted event(s) on ${T.consents}`);

  say(`3. Billing: a month of invoices → ${T.invoices}`);
  const now = () => new Date();
  const invoices: InvoiceEvent[] = [];
  const c1001 = customers[0];
  invoices.push(monthlyInvoice(c1001, new Date(started - 30 * DAY))); // issued before registering: R7 says no
  for (const c of customers) {
    const extras =
      c.customerId === 'C-1001'
        ? [
            {
              lineId: '2',
              category: 'EQUIPMENT' as const,
              description: 'Extra smoke detector',
              grossAmountCents: 8900,
              vatRatePercent: 25.5,
            },
          ]
        : [];
    const discount =
      c.customerId === 'C-1002'
        ? [
            {
              lineId: '3',
              category: 'MONTHLY_FEE' as const,
              description: 'Loyalty discount',
              grossAmountCents: -500,
              vatRatePercent: 25.5,
            },
          ]
        : [];
    invoices.push(monthlyInvoice(c, now(), c.customerId === 'C-1002' ? 3990 : 4990, [...extras, ...discount]));
  }
  const c1006Invoice = invoices.find((i) => i.contractId === 'K-5006')!;
  invoices.push(creditNote(c1006Invoice, 1000, now()));
  await send(producer, invoices);

  const leaver = customers.find((c) => c.revokeAfterFirstInvoice)!;
  await registration.revoke(leaver.customerId);
  say(`   ${leaver.customerId} revokes the consent; their next invoice is issued after that`);
  const afterRevocation = monthlyInvoice(leaver, new Date(Date.now() + 1000));
  // Billing sent the same invoice twice.
  const redelivered = { ...invoices[2], eventId: `${invoices[2].eventId}-again` };
  await send(producer, [afterRevocation, redelivered]);
  await producer.send({
    topic: T.invoices,
    messages: [
      { key: 'INV-BROKEN-1', value: '{"eventId": "e-broken", "invoiceId": ' },
      { key: 'INV-SEK-1', value: JSON.stringify({ ...monthlyInvoice(c1001, now()), currency: 'SEK' }) },
    ],
  });
  const decisionsExpected = invoices.length + 2;
  await reader.waitFor(T.invoiceDecisions, decisionsExpected, 120_000);
  await reader.waitFor(T.deadLetters, 2, 60_000);
  // Each recorded or reversed bonus has its purchase event; wait for those rather than for a fixed time.
  const settled = reader
    .on<InvoiceDecisionEvent>(T.invoiceDecisions)
    .filter((d) => d.decision === 'BONUS_RECORDED' || d.decision === 'BONUS_REVERSED');
  await reader.waitFor(T.bonusPurchases, settled.length, 60_000);
  printSummary(reader, say, Date.now() - started);
  await reader.close();
  await producer.disconnect();
}

async function registerAll(
  client: RegistrationClient,
  customers: DemoCustomer[],
  say: (line: string) => void,
): Promise<number> {
  let granted = 0;
  const queue = customers.filter((c) => c.register && c.memberNumber);
  const workers = Array.from({ length: 8 }, async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      if (c.firstTyped) {
        const wrong = await client.register(c, c.firstTyped);
        say(`   ${c.customerId} typed ${c.firstTyped.slice(0, 4)}…: ${wrong.status} ${wrong.summary}`);
      }
      const result = await client.register(c, c.memberNumber!);
      if (result.status === 201 || result.status === 200) granted++;
      if (c.story !== 'generated')
        say(`   ${c.customerId} ${c.register}: ${result.status} ${result.summary}  (${c.story})`);
    }
  });
  await Promise.all(workers);
  say(`   …and ${customers.filter((c) => c.story === 'generated').length} generated co-op members registered`);
  return granted;
}

async function send(producer: import('kafkajs').Producer, invoices: InvoiceEvent[]): Promise<void> {
  await producer.send({
    topic: T.invoices,
    messages: invoices.map((i) => ({ key: i.invoiceId, value: JSON.stringify(i) })),
  });
}

function printSummary(reader: TopicReader, say: (line: string) => void, elapsedMs: number): void {
  const purchases = reader.on<BonusPurchaseEvent>(T.bonusPurchases);
  const byHousehold = new Map<string, { cents: number; members: Set<string>; events: number }>();
  for (const p of purchases) {
    const h = byHousehold.get(p.householdId) ?? { cents: 0, members: new Set(), events: 0 };
    h.cents += p.amountCents;
    h.members.add(p.memberNumber);
    h.events++;
    byHousehold.set(p.householdId, h);
  }
  const decisions = reader.on<InvoiceDecisionEvent>(T.invoiceDecisions);
  const byReason = new Map<string, number>();
  for (const d of decisions)
    byReason.set(
      d.reason ? `${d.decision}/${d.reason}` : d.decision,
      (byReason.get(d.reason ? `${d.decision}/${d.reason}` : d.decision) ?? 0) + 1,
    );
  const euros = (cents: number) => (cents / 100).toFixed(2).padStart(9);

  say('');
  say(`Summary (what S-Group and ops read from the topics), ${(elapsedMs / 1000).toFixed(1)} s end to end`);
  say(`Bonus purchases per household (${T.bonusPurchases}: ${purchases.length} events):`);
  const named = [...byHousehold].filter(([h]) => !h.startsWith('H-G'));
  for (const [household, h] of named)
    say(`   ${household.padEnd(14)} ${euros(h.cents)} €  from ${h.members.size} member(s), ${h.events} event(s)`);
  const gen = [...byHousehold].filter(([h]) => h.startsWith('H-G'));
  say(`   ${gen.length} generated households  ${euros(gen.reduce((s, [, h]) => s + h.cents, 0))} €  in total`);
  say(`Decisions per reason (${T.invoiceDecisions}: ${decisions.length}):`);
  for (const [reason, n] of [...byReason].sort()) say(`   ${reason.padEnd(32)} ${n}`);
  const dead = reader.on<DeadLetterEvent>(T.deadLetters);
  say(`Dead letters (${T.deadLetters}: ${dead.length}):`);
  for (const d of dead)
    say(
      `   ${d.sourceTopic}[${d.sourcePartition}]@${d.sourceOffset} key ${d.sourceKey}: ` +
        `${d.errorCode}: ${d.errorMessage.slice(0, 110)}`,
    );
}
