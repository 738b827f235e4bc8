import type { PageMark, Section } from '../types.js';

/** What a format reader makes of a file: metadata found in it, sections, and what could not be read. */
export interface Converted {
  /** Fields the file itself gives (`title`, `source`, `publisher`, `url`, `date`); a sidecar overrides them. */
  meta: Record<string, unknown>;
  sections: Section[];
  /** Parts left out, each naming where (e.g. `page 3: no text layer`); the rest of the document is used. */
  problems: string[];
}

/** A file a reader cannot use at all (corrupt, encrypted); the loader adds the file name. */
export class ConvertError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConvertError';
  }
}

/** The title of what comes before a document's first heading. */
export const LEAD_TITLE = 'Lead';
/** The lead section's slug: a citation names no section for it, and its title is not searched. */
export const LEAD_SECTION_SLUG = 'lead';

/** Collects headings and paragraphs in reading order into sections, with the page each paragraph text is on. */
export class SectionBuilder {
  private readonly sections: Section[] = [];
  private section: Section = newSection(LEAD_TITLE);
  private text: string[] = [];
  private marks: PageMark[] = [];
  private length = 0;
  private title: string | undefined;

  /** A heading; with `asTitle`, the first heading before any text is the document's title instead. */
  heading(text: string, asTitle = false): void {
    const clean = squash(text);
    if (!clean) return;
    this.flush();
    if (asTitle && this.title === undefined && !this.sections.length && this.empty()) {
      this.title = clean;
      return;
    }
    this.close();
    this.section = newSection(clean);
  }

  /** Adds the next line of a heading that wraps. */
  extendHeading(text: string): void {
    if (this.empty() && this.section.title !== LEAD_TITLE) {
      this.section.title = `${this.section.title} ${squash(text)}`;
      this.section.slug = slugify(this.section.title) || 'section';
    } else if (this.title !== undefined && this.empty() && !this.sections.length) this.title = `${this.title} ${squash(text)}`;
    else this.heading(text);
  }

  paragraph(text: string, page?: number): void {
    this.flush();
    this.continueParagraph(text, page);
  }

  /** Continues the current paragraph: a line-end hyphen before a lowercase letter joins the word. */
  continueParagraph(text: string, page?: number): void {
    const clean = squash(text);
    if (!clean) return;
    const last = this.text[this.text.length - 1];
    let piece = clean;
    if (last !== undefined) {
      if (/\p{L}-$/u.test(last) && /^\p{Ll}/u.test(clean)) {
        this.text[this.text.length - 1] = last.slice(0, -1);
        this.length -= 1;
      } else piece = ` ${clean}`;
    }
    if (page !== undefined && this.marks[this.marks.length - 1]?.[1] !== page)
      this.marks.push([last === undefined ? 0 : this.length + (piece === clean ? 0 : 1), page]);
    this.text.push(piece);
    this.length += piece.length;
  }

  caption(text: string): void {
    const clean = squash(text);
    if (clean) this.section.captions.push(clean);
  }

  /** The sections (only those with text or captions), and the title taken from the first heading, if asked. */
  finish(): { title?: string; sections: Section[] } {
    this.flush();
    this.close();
    return { ...(this.title ? { title: this.title } : {}), sections: this.sections };
  }

  private empty(): boolean {
    return !this.section.paragraphs.length && !this.section.captions.length && !this.text.length;
  }

  private flush(): void {
    if (!this.text.length) return;
    this.section.paragraphs.push(this.text.join(''));
    if (this.marks.length || this.section.pages) {
      this.section.pages ??= this.section.paragraphs.slice(1).map(() => []);
      this.section.pages.push(this.marks);
    }
    this.text = [];
    this.marks = [];
    this.length = 0;
  }

  private close(): void {
    if (this.section.paragraphs.length || this.section.captions.length) this.sections.push(this.section);
  }
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function newSection(title: string): Section {
  return { title, slug: slugify(title) || 'section', paragraphs: [], captions: [] };
}

/** `NATO's expansion to the East` → `nato-s-expansion-to-the-east`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
