import { parsePrometheusText, sumOf } from './prometheus-text';

describe('parsePrometheusText', () => {
  const text = [
    '# HELP bonus_inputs_total Input messages consumed',
    '# TYPE bonus_inputs_total counter',
    'bonus_inputs_total{topic="billing.invoices.v1",service="bonus-pipeline"} 120',
    'bonus_inputs_total{topic="crm.contracts.v1",service="bonus-pipeline"} 3',
    'bonus_decisions_total{decision="BONUS_RECORDED",reason="",service="bonus-pipeline"} 7',
    'outbox_backlog_rows{service="bonus-pipeline"} 0',
    'odd{text="a \\"quoted\\" value"} 1.5e-3',
    'unknown Nan',
    'up +Inf',
    '',
  ].join('\n');
  const samples = parsePrometheusText(text);

  it('reads names, labels (escapes undone, empty values kept) and values', () => {
    expect(samples).toHaveLength(7);
    expect(samples[2]).toEqual({
      name: 'bonus_decisions_total',
      labels: { decision: 'BONUS_RECORDED', reason: '', service: 'bonus-pipeline' },
      value: 7,
    });
    expect(samples[4]).toEqual({ name: 'odd', labels: { text: 'a "quoted" value' }, value: 0.0015 });
    expect(samples[5].value).toBeNaN();
    expect(samples[6].value).toBe(Infinity);
  });

  it('sums the samples whose labels match, and says when there is none', () => {
    expect(sumOf(samples, 'bonus_inputs_total')).toBe(123);
    expect(sumOf(samples, 'bonus_inputs_total', { topic: 'crm.contracts.v1' })).toBe(3);
    expect(sumOf(samples, 'outbox_backlog_rows')).toBe(0);
    expect(sumOf(samples, 'bonus_inputs_total', { topic: 'nope' })).toBeUndefined();
  });
});
