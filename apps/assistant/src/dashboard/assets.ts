import { createHash } from 'node:crypto';

/** The dashboard's one style sheet: small, no framework; phones first, then wider screens. */
const CSS = `*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:0}
a{color:#0b57d0}a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid #e8a200;outline-offset:2px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:1}
.top{background:#0d2a4a;color:#fff;padding:.5rem 1rem}.top a{color:#fff}.top nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.top a[aria-current]{font-weight:700}.who{margin:.25rem 0 0;font-size:.875rem}
main{max-width:72rem;margin:0 auto;padding:1rem}h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem;margin:1rem 0 .25rem}
.lead{color:#444;margin-top:0}.note{color:#555;font-size:.875rem}
ul.cities{display:grid;grid-template-columns:repeat(auto-fill,minmax(10.5rem,1fr));gap:.5rem;list-style:none;margin:0;padding:0}
.cities a{display:block;height:100%;padding:.4rem .6rem;border:1px solid #bbb;border-left:.6rem solid var(--c);border-radius:4px;background:var(--bg);color:#1a1a1a;text-decoration:none}
.cities a:hover{text-decoration:underline}.cities strong{display:block}.cities span{font-size:.875rem}
.st-delayed{--c:#b3261e;--bg:#fdecea}.st-at-risk{--c:#c77700;--bg:#fff4de}.st-on-track{--c:#1e7d32;--bg:#e8f5e9}.st-done{--c:#1a5fb4;--bg:#e8f0fb}
.st-awaiting{--c:#6b7a8f;--bg:#f1f4f8}.st-missing{--c:#5b2a86;--bg:#f3ecf9}.st-no-officer{--c:#8a8a8a;--bg:#f5f5f5}.st-no-round{--c:#c4c4c4;--bg:#fff}
ul.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;font-size:.875rem}
.legend li::before{content:"";display:inline-block;width:.9rem;height:.9rem;margin-right:.35rem;vertical-align:-.1rem;background:var(--c);border-radius:2px}
.cols{display:grid;gap:0 2rem}@media(min-width:60rem){.cols{grid-template-columns:1fr 1fr}}
figure{margin:1rem 0}figcaption{font-weight:600}svg{max-width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}td.n,th.n{text-align:right}
.scroll{overflow-x:auto;max-width:100%}
.s-delayed{color:#b3261e}.s-at-risk{color:#8a5300}.s-on-track{color:#1e6b2e}.s-done{color:#1a5fb4}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #0d2a4a}
.timeline li{position:relative;padding:0 0 .6rem 1rem}.timeline li::before{content:"";position:absolute;left:-.45rem;top:.45rem;width:.6rem;height:.6rem;border-radius:50%;background:#0d2a4a}
.timeline time{font-weight:600;display:block;font-size:.9rem}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}form.search label{flex-basis:100%}
input[type=search]{flex:1 1 12rem;font:inherit;padding:.4rem;border:1px solid #777;border-radius:4px}
button,a.button{font:inherit;font-weight:600;padding:.45rem 1rem;border-radius:4px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;text-decoration:none;display:inline-block;cursor:pointer}
ul.hits{padding-left:1.2rem}.hits p{margin:.2rem 0;color:#333;font-size:.9rem}
pre{background:#f5f5f5;padding:.75rem;overflow-x:auto;white-space:pre-wrap}
@media print{.top,.skip,form,.no-print{display:none}}`;

/** Progressive enhancement only: "Copy" buttons copy a block's text. Everything works without it. */
const JS = `document.querySelectorAll('button[data-copy]').forEach(function(b){
b.hidden=false;b.addEventListener('click',function(){var t=document.getElementById(b.getAttribute('data-copy'));
var s=document.getElementById(b.getAttribute('aria-controls'));if(!t||!navigator.clipboard)return;
navigator.clipboard.writeText(t.textContent).then(function(){if(s)s.textContent='Copied.';},function(){if(s)s.textContent='Could not copy; select the text instead.';});});});`;

const hashed = (body: string, ext: string) =>
  `dashboard.${createHash('sha256').update(body).digest('hex').slice(0, 10)}.${ext}`;

/** Asset files by name; the name carries a hash of the content, so they are cached for a year. */
export const ASSETS: Record<string, { body: string; type: string }> = {
  [hashed(CSS, 'css')]: { body: CSS, type: 'text/css; charset=utf-8' },
  [hashed(JS, 'js')]: { body: JS, type: 'text/javascript; charset=utf-8' },
};
export const STYLE_FILE = hashed(CSS, 'css');
export const SCRIPT_FILE = hashed(JS, 'js');
