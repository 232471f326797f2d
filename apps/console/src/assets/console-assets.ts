/**
 * The console's only static assets, bundled into the build as strings: no CDN, no copy step, and the
 * Content-Security-Policy can stay 'self' only (no inline script or style anywhere).
 */
export const CONSOLE_CSS = `
:root { --fg: #1b1b1b; --muted: #555; --accent: #0a5c36; --error: #a4000f; --ok: #0a5c36; --line: #ccc; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: #fafafa; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 2; }
header { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; padding: 8px 16px; background: var(--accent); }
header, header a { color: #fff; }
.brand { font-weight: 700; }
header ul { list-style: none; display: flex; gap: 12px; margin: 0; padding: 0; }
header a[aria-current] { font-weight: 700; text-decoration: underline 3px; }
.tools { margin-left: auto; display: flex; gap: 12px; align-items: center; }
.languages span[aria-current] { font-weight: 700; }
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: .5rem; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
label { display: block; font-weight: 600; margin-top: 12px; }
.hint { color: var(--muted); font-size: .92rem; margin: 2px 0 4px; }
input[type=text], input[type=password], input[type=month], input[type=datetime-local], select {
  font: inherit; padding: 6px 8px; min-width: 18rem; border: 1px solid #888; border-radius: 4px; }
input:user-invalid { border-color: var(--error); }
.check label { display: inline; font-weight: 400; }
button, .button { font: inherit; padding: 6px 14px; margin-top: 12px; border-radius: 4px;
  border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--error); border-color: var(--error); }
header button { margin: 0; background: #fff; color: var(--accent); }
:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
form.inline { display: inline; }
.notice { padding: 10px 14px; border-radius: 4px; margin: 12px 0; border-left: 6px solid; background: #fff; }
.notice.ok { border-color: var(--ok); } .notice.error { border-color: var(--error); }
.field-error { color: var(--error); font-weight: 600; }
.consent { background: #f3f7f4; border-left: 4px solid var(--accent); padding: 8px 12px; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: .95rem; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
pre { white-space: pre-wrap; word-break: break-all; background: #f4f4f4; padding: 8px; }
/* Wide answers (explanations, reports) scroll inside their box instead of running off the page. */
section { overflow-x: auto; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 16px; } dt { font-weight: 600; }
dd { margin: 0; overflow-x: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
figcaption { font-weight: 600; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 12px; font-size: .85rem; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.s0 { fill: #0a5c36; stroke: #0a5c36; background: #0a5c36; }
.s1 { fill: #1f5fa8; stroke: #1f5fa8; background: #1f5fa8; }
.s2 { fill: #c25400; stroke: #c25400; background: #c25400; }
.s3 { fill: #7b2d8e; stroke: #7b2d8e; background: #7b2d8e; }
.s4 { fill: #a4000f; stroke: #a4000f; background: #a4000f; }
.s5 { fill: #5b6b00; stroke: #5b6b00; background: #5b6b00; }
/* After the colour classes and more specific than them: a line is never filled. */
figure polyline { fill: none; stroke-width: 2; }
.axis { stroke: #999; stroke-width: 1; }
`;

/**
 * Progressive help only (every form works without it): the member number is checked as it is typed
 * with the texts the page carries, and "select all" ticks every row of a list.
 */
export const CONSOLE_JS = `
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('input[data-member-number]').forEach(function (input) {
    var message = input.getAttribute('data-invalid-message') || '';
    var check = function () {
      var digits = input.value.replace(/\\s+/g, '');
      input.setCustomValidity(digits === '' || /^\\d{10}$/.test(digits) ? '' : message);
    };
    input.addEventListener('input', check);
    input.addEventListener('blur', function () { input.value = input.value.replace(/\\s+/g, ''); check(); });
  });
  document.querySelectorAll('input[data-select-all]').forEach(function (all) {
    all.addEventListener('change', function () {
      var form = all.form;
      if (!form) return;
      form.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = all.checked; });
    });
  });
});
`;
