import { parsePrometheusText } from './prometheus-text';

describe('parsePrometheusText', () => {
  it('reads names, labels (escapes included) and values, skipping comments', () => {
    const text = [
      '# HELP bonus_inputs_total Inputs read',
      '# TYPE bonus_inputs_total counter',
      'bonus_inputs_total{topic="sa.invoices.v1"} 1200',
      'bonus_decisions_total{decision="SENT",reason="ELIGIBLE"} 3 1700000000000',
      'kafka_consumer_lag{topic="a",partition="0"} 0',
      'odd{msg="say \\"hi\\"\\\\n",x="a,b"} 1.5e3',
      'process_up 1',
      '',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual([
      { name: 'bonus_inputs_total', labels: { topic: 'sa.invoices.v1' }, value: 1200 },
      { name: 'bonus_decisions_total', labels: { decision: 'SENT', reason: 'ELIGIBLE' }, value: 3 },
      { name: 'kafka_consumer_lag', labels: { topic: 'a', partition: '0' }, value: 0 },
      { name: 'odd', labels: { msg: 'say "hi"\\n', x: 'a,b' }, value: 1500 },
      { name: 'process_up', labels: {}, value: 1 },
    ]);
  });

  it('skips lines it cannot read instead of failing', () => {
    expect(parsePrometheusText('broken{x="1" 2\nok 3\nbad_value{} abc')).toEqual([
      { name: 'ok', labels: {}, value: 3 },
    ]);
  });
});
