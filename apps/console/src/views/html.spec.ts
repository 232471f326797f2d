import { escapeHtml, html, SafeHtml } from './html';

// Called through another name so the formatter leaves these literal templates exactly as written.
const tag = html;

describe('html', () => {
  it('escapes every interpolated string, attribute quotes included', () => {
    const id = `"><script>alert('x')</script>`;
    expect(tag`<input value="${id}">`.value).toBe(
      '<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">',
    );
  });

  it('keeps SafeHtml, joins arrays and drops null, undefined and false', () => {
    const rows = ['a', 'b&c'].map((x) => tag`<li>${x}</li>`);
    expect(tag`<ul>${rows}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a</li><li>b&amp;c</li></ul>0');
    expect(tag`${new SafeHtml('<b>')}`.value).toBe('<b>');
    expect(escapeHtml('&<>')).toBe('&amp;&lt;&gt;');
  });
});
