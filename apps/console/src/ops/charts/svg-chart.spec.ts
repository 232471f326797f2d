import { barChart, lineChart } from './svg-chart';

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s));

describe('charts', () => {
  it('draws one polyline per series, scaled to the largest value, with a text summary', () => {
    const svg = lineChart(
      'Lag',
      [
        {
          name: 'sa.invoices.v1',
          points: [
            { at: at(0), value: 10 },
            { at: at(30), value: 0 },
          ],
        },
        {
          name: '<b>',
          points: [
            { at: at(0), value: 5 },
            { at: at(30), value: 5 },
          ],
        },
      ],
      'No data.',
    ).value;
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    // y axis 0..10: the first point of the first series at the top, the last at the bottom.
    expect(svg).toContain('points="48.0,10.0 468.0,176.0"');
    expect(svg).toContain('aria-label="Lag: sa.invoices.v1: 0, &lt;b&gt;: 5"');
    expect(svg).not.toContain('<b>');
  });

  it('draws bars with their counts, and says when there is nothing', () => {
    const svg = barChart(
      'By code',
      [
        { label: 'SCHEMA', value: 4 },
        { label: 'JSON', value: 1 },
      ],
      'No data.',
    ).value;
    expect(svg.match(/<rect/g)).toHaveLength(2);
    expect(svg).toContain('>4</text>');
    expect(barChart('By code', [], 'No data.').value).toContain('<p>No data.</p>');
    expect(lineChart('Lag', [], 'No data.').value).toContain('<p>No data.</p>');
  });
});
