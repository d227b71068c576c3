import { createHash } from 'node:crypto';

// The one stylesheet, served from the app (the CSP allows styles from 'self' only, nothing
// inline). Mobile first; colours keep at least 4.5:1 contrast against their background.
export const STYLESHEET = `
:root{--fg:#1b1f24;--muted:#4a5360;--bg:#fff;--line:#d0d7de;--accent:#0b57d0;--bad:#a40e26;--warn:#7a4d00;--ok:#116329;--chip:#f3f4f6}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:focus,button:focus,select:focus,input:focus,textarea:focus{outline:3px solid #ffbf47;outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header.top{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--line);background:#f6f8fa}
header.top .brand{font-weight:700;color:var(--fg);text-decoration:none;margin-right:auto}
header.top nav a{margin-right:.75rem}
header.top form{display:inline}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}
th{font-size:.875rem;color:var(--muted);white-space:nowrap}
.table-wrap{overflow-x:auto}
.muted{color:var(--muted)}
.chip{display:inline-block;padding:0 .45rem;border-radius:1rem;background:var(--chip);font-size:.875rem;white-space:nowrap}
.st-triggered{background:#ffebe9;color:var(--bad)}.st-acknowledged{background:#fff8c5;color:var(--warn)}.st-resolved{background:#dafbe1;color:var(--ok)}
.sev-sev1{background:var(--bad);color:#fff}.sev-sev2{background:#bc4c00;color:#fff}
.notice{padding:.6rem .8rem;border-radius:.4rem;margin:0 0 1rem;background:#ddf4ff;border:1px solid #54aeff}
.notice.error{background:#ffebe9;border-color:#ff8182}
.verified{color:var(--ok);font-weight:600}.broken{color:var(--bad);font-weight:600}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin:1rem 0}
.actions form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
label{display:block;font-size:.875rem;color:var(--muted)}
input,select,textarea,button{font:inherit}
input,select,textarea{padding:.35rem .5rem;border:1px solid #8c959f;border-radius:.3rem;max-width:100%}
button{padding:.45rem 1rem;border-radius:.3rem;border:1px solid #1f6feb;background:var(--accent);color:#fff;cursor:pointer;min-height:2.5rem}
button.secondary{background:#fff;color:var(--accent)}
header.top button{padding:.2rem .6rem;min-height:0;background:#fff;color:var(--accent)}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin-bottom:1rem}
.pager{display:flex;gap:1rem;margin:1rem 0}
.week{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));border-left:1px solid var(--line);margin-bottom:1rem}
.day{border-right:1px solid var(--line);border-bottom:1px solid var(--line);padding:.3rem;min-height:5rem;font-size:.875rem}
.day h3{font-size:.8rem;margin:0 0 .25rem;color:var(--muted);font-weight:600}
.day.today{background:#f1f8ff}
.seg{display:block;margin:.1rem 0;padding:.1rem .3rem;border-radius:.25rem;background:var(--chip)}
.seg.override{background:#fff1e5;border:1px dashed #bc4c00}
.handoff{font-weight:600}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline li{border-left:3px solid var(--line);padding:.3rem 0 .5rem .75rem;margin-left:.25rem}
ol.timeline .kind{font-family:ui-monospace,monospace;font-size:.8rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:var(--muted)}dd{margin:0}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
@media (max-width:40rem){.week{grid-template-columns:1fr}.day{min-height:0}th.wide,td.wide{display:none}}
`;

/** The stylesheet's path carries its hash, so it can be cached for good and still change with a release. */
export const STYLESHEET_PATH = `/static/tocsin-${createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12)}.css`;
