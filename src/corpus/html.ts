import type { Converted } from './convert.js';
import { ConvertError, SectionBuilder } from './convert.js';

/** Page parts that are never the article, removed before Readability looks for it. */
// biome-ignore format: a word list reads best packed
const FURNITURE = [
  'script', 'style', 'noscript', 'template', 'nav', 'aside', 'form', 'button', 'iframe', 'svg',
  '[role=navigation]', '[role=banner]', '[role=contentinfo]', '[role=complementary]', '[aria-hidden=true]',
  '[id*=cookie i]', '[class*=cookie i]', '[id*=consent i]', '[class*=consent i]', '[class*=share i]', '[id*=share i]',
  '[id*=comment i]', '[class*=comment i]', '[class*=newsletter i]', '[class*=related i]', '[class*=byline i]', '[rel=author]',
].join(',');

const BLOCKS = new Set([
  'P',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'DD',
  'DT',
  'TD',
  'TH',
  'FIGCAPTION',
  'CAPTION',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
]);
const BLOCK_SELECTOR = [...BLOCKS].join(',').toLowerCase();
const CONTAINERS = new Set([
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FIGURE',
  'UL',
  'OL',
  'DL',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'BODY',
]);

function isBlock(element: Element): boolean {
  const tag = element.tagName.toUpperCase();
  return BLOCKS.has(tag) || CONTAINERS.has(tag) || Boolean(element.querySelector(BLOCK_SELECTOR));
}

/** Reads a saved web page: the article (not menus, banners, share buttons or comments), its headings as sections, and its metadata. */
export async function readHtml(html: string): Promise<Converted> {
  const shape = markupShape(html);
  if (shape.depth > MAX_NESTING)
    throw new ConvertError(
      `the markup is nested ${shape.depth} deep (a reader follows ${MAX_NESTING}; real pages stay under 100), not read`,
    );
  if (shape.elements > MAX_ELEMENTS)
    throw new ConvertError(`the page has ${shape.elements} elements (a reader reads at most ${MAX_ELEMENTS}), not read`);
  const { parseHTML } = await import('linkedom');
  const { Readability } = await import('@mozilla/readability');
  const document = parsePage(parseHTML, html);
  const meta = pageMeta(document);
  for (const element of [...document.querySelectorAll(FURNITURE)]) if (!holdsArticle(element)) element.remove();
  // Readability keeps the article's own headings and figures; it needs the page as a whole document.
  const article = new Readability(document as unknown as Document, { keepClasses: false, charThreshold: 200 }).parse();
  const root = article?.content ? parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body : document.body;
  const title = meta.title ?? (article?.title?.trim() || undefined);
  const built = htmlSections(root as unknown as Element, title);
  return {
    meta: {
      ...meta,
      ...((title ?? built.title) ? { title: title ?? built.title } : {}),
      ...(!meta.publisher && article?.siteName ? { publisher: article.siteName } : {}),
      ...(!meta.author && article?.byline ? { author: article.byline.trim() } : {}),
    },
    sections: built.sections,
    problems: [],
  };
}

/** Deeper markup is refused: Readability's time grows with the square of the depth (seconds at a few hundred). */
export const MAX_NESTING = 256;
/** A page with more elements is refused, so one page is read in bounded time (the largest real pages have about 10,000). */
export const MAX_ELEMENTS = 50_000;

/** Elements that close themselves (void) or whose end tag is optional, so they never nest deeper in a count of tags. */
const NOT_NESTING = new Set([
  'area',
  'base',
  'br',
  'col',
  'colgroup',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'option',
  'optgroup',
  'rt',
  'rp',
  'caption',
]);

/** How many elements the page has and how deep they nest, counted from its tags (comments, scripts and styles left out) before any parsing. */
export function markupShape(html: string): { elements: number; depth: number } {
  const tags = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|textarea|title)\b[\s\S]*?<\/\1\s*>/gi, '');
  let depth = 0;
  let deepest = 0;
  let elements = 0;
  for (const match of tags.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(\/?)>/g)) {
    if (!match[1]) elements++;
    if (match[3] || NOT_NESTING.has(match[2]!.toLowerCase())) continue;
    if (match[1]) depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  return { elements, depth: deepest };
}

/** Tags that hold the whole page or its article, whatever their classes say. */
const FRAME = new Set(['HTML', 'HEAD', 'BODY', 'MAIN', 'ARTICLE']);

/**
 * Sites put flags on the page's own frame (`<html class="…ShareTools-on">`, `<body class="… commented">`):
 * a selector for furniture that matches the frame, or an element around the article, must not remove the page.
 */
function holdsArticle(element: Element): boolean {
  return FRAME.has(element.tagName.toUpperCase()) || Boolean(element.querySelector('main,article,[role=main]'));
}

/** The page as a whole document: a fragment or junk without an `<html>` element is put in one, as a browser does. */
function parsePage(parseHTML: (html: string) => { document: Document }, html: string): Document {
  const { document } = parseHTML(html);
  if (document.documentElement?.tagName?.toUpperCase() === 'HTML' && document.body) return document;
  return parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`).document;
}

/**
 * Turns an HTML body into sections: `h1`-`h6` start sections (a first heading equal to the title,
 * or any first heading when there is no title, is the title), block elements are paragraphs,
 * figure captions are captions.
 */
export function htmlSections(
  root: Element,
  title?: string,
): { title?: string; sections: ReturnType<SectionBuilder['finish']>['sections'] } {
  const builder = new SectionBuilder();
  const same = (a: string, b: string) => a.toLowerCase().replace(/\W+/g, '') === b.toLowerCase().replace(/\W+/g, '');
  const visit = (element: Element): void => {
    const tag = element.tagName.toUpperCase();
    if (/^H[1-6]$/.test(tag)) {
      const text = element.textContent ?? '';
      if (!(title && same(text, title))) builder.heading(text, !title);
      return;
    }
    if (tag === 'FIGCAPTION' || tag === 'CAPTION') return builder.caption(element.textContent ?? '');
    if (BLOCKS.has(tag) && !element.querySelector(BLOCK_SELECTOR)) return builder.paragraph(element.textContent ?? '');
    // Text directly inside a container, between its blocks, makes paragraphs of its own.
    let loose = '';
    for (const node of [...element.childNodes]) {
      if (node.nodeType !== 1 || !isBlock(node as Element)) loose += node.textContent ?? '';
      else {
        builder.paragraph(loose);
        loose = '';
        visit(node as Element);
      }
    }
    builder.paragraph(loose);
  };
  visit(root);
  return builder.finish();
}

/** Title, site name, canonical URL, byline and date from the page's head. */
function pageMeta(document: {
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
}): Record<string, string> {
  const content = (selector: string) => document.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
  const canonical = document.querySelector('link[rel=canonical]')?.getAttribute('href')?.trim() || content('meta[property="og:url"]');
  const title = content('meta[property="og:title"]') ?? (document.querySelector('title')?.textContent?.trim() || undefined);
  const date = content('meta[property="article:published_time"]') ?? content('meta[name=date]');
  const fields: Record<string, string | undefined> = {
    title,
    publisher: content('meta[property="og:site_name"]'),
    // Only an absolute address is kept: a relative one would need a base the file does not give.
    url: canonical && /^https?:\/\/\S+$/i.test(canonical) ? canonical : undefined,
    author:
      content('meta[name=author]') ?? (document.querySelector('[class*=byline i]')?.textContent?.replace(/\s+/g, ' ').trim() || undefined),
    date: date && /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v)) as Record<string, string>;
}
