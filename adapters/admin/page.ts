// The operator page's frame: escaping, the layout every view shares, and its style. Plain HTML, no
// script: it works with a keyboard and a screen reader as any document does, and reads on a phone.

/** Text as HTML, safe in element content and in quoted attributes. Documents and queries are hostile: everything goes through it. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** An http(s) URL for an `href`, or undefined for anything else (`javascript:`, relative, malformed). */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A number with thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Where a question is tried: the page's own address with `q`, at the try section. */
export function tryLink(query: string): string {
  return `/admin?q=${encodeURIComponent(query)}#try`;
}

/** The page around its sections. */
export function layout(body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>redline · operator</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<p class="brand">redline <span>operator</span></p>
<nav aria-label="Sections"><a href="#corpus">Corpus</a><a href="#questions">Questions</a><a href="#try">Try a question</a></nav>
<form method="post" action="/admin" class="signout"><input type="hidden" name="action" value="signout"><button type="submit">Sign out</button></form>
</header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

/** What a request without the token sees: the sign-in form and nothing else. */
export function signInPage(wrong: boolean): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>redline · sign in</title><style>${STYLE}</style></head>
<body><main id="main" class="signin">
<h1>redline operator</h1>
<form method="post" action="/admin">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required${wrong ? ' aria-describedby="wrong" aria-invalid="true"' : ''}>
${wrong ? '<p id="wrong" role="alert">That is not the token.</p>' : ''}
<button type="submit">Sign in</button>
</form>
</main></body></html>`;
}

/** A table in a box that scrolls sideways on a narrow screen (and by keyboard: it takes focus). */
export function scrollingTable(label: string, table: string): string {
  return `<div class="scroll" role="region" aria-label="${esc(label)}" tabindex="0">${table}</div>`;
}

// Colours meet WCAG AA contrast on white (text 4.5:1); focus is always visible.
const STYLE = `
:root{--ink:#1b1b1f;--muted:#4f5560;--line:#d5d8de;--accent:#0b57d0;--bg:#fff;--soft:#f4f5f7;--answered:#1b6e3a;--nothing:#b3261e;--up:#0b57d0;--down:#7a4a00}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}
.skip:focus{left:.5rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.75rem 1rem;border-bottom:1px solid var(--line)}
.brand{margin:0;font-weight:700}
.brand span{font-weight:400;color:var(--muted)}
nav{display:flex;gap:1rem;flex-wrap:wrap}
.signout{margin-left:auto}
main{max-width:72rem;margin:0 auto;padding:1rem}
section{margin:0 0 2.5rem}
h1,h2,h3{line-height:1.25}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:var(--muted)}
.warn{border-left:4px solid var(--nothing);padding:.25rem .75rem;background:#fdf2f1}
button,input[type=search],input[type=password]{font:inherit;padding:.45rem .6rem;border:1px solid var(--muted);border-radius:4px}
button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
.signout button{background:var(--bg);color:var(--accent)}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
.signin{max-width:24rem}
.signin input{width:100%;margin-bottom:.75rem}
.try-form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.try-form input{flex:1 1 16rem}
.previews{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
.chart svg{width:100%;height:auto;max-height:18rem}
.legend{display:flex;flex-wrap:wrap;gap:1rem;font-size:.9rem;padding:0;list-style:none}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-.1rem}
.pager{display:flex;gap:1rem;align-items:center;margin:.5rem 0}
.slack{font:15px/1.46 "Lato","Segoe UI",sans-serif;background:#fff;border:1px solid var(--line);border-radius:8px;padding:.75rem}
.slack .block{margin:.35rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.slack .context{color:#616061;font-size:13px}
.slack blockquote{margin:0;padding-left:.6rem;border-left:4px solid #ddd}
.slack .actions{display:flex;flex-wrap:wrap;gap:.4rem}
.slack .btn{border:1px solid #bbb;border-radius:4px;padding:.15rem .7rem;font-weight:700;font-size:13px;background:#fff;color:#1d1c1d}
.slack .btn.primary{background:#007a5a;border-color:#007a5a;color:#fff}
.slack .btn.danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
.slack hr{border:0;border-top:1px solid #ddd}
.discord{font:15px/1.375 "gg sans","Noto Sans","Segoe UI",sans-serif;background:#313338;color:#dbdee1;border-radius:8px;padding:.75rem}
.discord a{color:#00a8fc}
.discord .content{white-space:pre-wrap;overflow-wrap:anywhere;margin-bottom:.4rem}
.discord .embed{background:#2b2d31;border-left:4px solid;border-radius:4px;padding:.5rem .75rem;margin:.4rem 0;max-width:32rem}
.discord .author{font-size:13px;font-weight:600}
.discord .title{font-weight:700;margin:.2rem 0}
.discord .desc,.discord .value{white-space:pre-wrap;overflow-wrap:anywhere;font-size:14px}
.discord blockquote{margin:0;padding-left:.6rem;border-left:4px solid #4e5058}
.discord .fields{display:grid;grid-template-columns:repeat(auto-fit,minmax(8rem,1fr));gap:.4rem;margin-top:.4rem}
.discord .fname{font-weight:700;font-size:13px}
.discord .footer{font-size:12px;color:#b5bac1;margin-top:.4rem}
.discord .row{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.4rem}
.discord .btn{border-radius:3px;padding:.2rem .8rem;font-size:14px;background:#4e5058;color:#fff}
.discord .btn.primary{background:#5865f2}.discord .btn.success{background:#248046}.discord .btn.danger{background:#da373c}
.discord .btn[aria-disabled=true]{opacity:.5}
.why dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
.why dt{font-weight:600}
.why dd{margin:0}
code{background:var(--soft);padding:0 .2rem;border-radius:3px}
`;
