import { LEAD_SECTION_SLUG } from '../corpus/convert.js';
import { cutAtWord } from '../present/cut.js';
import type { Attribution } from './quote.js';
import type { Library } from '../search/library.js';

/** Requests to show as examples, as typed after the command, taken from the corpus being served. */
export interface Examples {
  /** A question or keywords: a section title of the corpus. */
  ask?: string;
  /** `brief <topic>` on another section title. */
  brief?: string;
  /** `quote <speaker>`: a speaker the quote finder knows. */
  quote?: string;
}

/** How many documents are read for a speaker to show (the quote finder reads each on first use). */
const DOCUMENTS_FOR_SPEAKERS = 3;
const EXAMPLE_MAX = 40;

/** Example requests from the corpus's own section titles and speakers; none for an empty corpus. */
export function findExamples(library: Library, attributionsOf: (documentId: string) => Attribution[]): Examples {
  const titles = library.documents.flatMap((d) =>
    d.sections.filter((s) => s.slug !== LEAD_SECTION_SLUG && s.paragraphs.length).map((s) => s.title),
  );
  const short = (text: string) => cutAtWord(text.replace(/\s+/g, ' ').trim(), EXAMPLE_MAX, '');
  const speaker = mostQuoted(library.documents.slice(0, DOCUMENTS_FOR_SPEAKERS).flatMap((d) => attributionsOf(d.id)));
  return {
    ...(titles[0] ? { ask: short(titles[0]) } : {}),
    ...(titles.length > 1 ? { brief: `brief ${short(titles[1]!)}` } : {}),
    ...(speaker ? { quote: `quote ${speaker}` } : {}),
  };
}

/** The family name of the person most sentences are attributed to (what people type: `quote volkova`). */
function mostQuoted(attributions: Attribution[]): string | undefined {
  const counts = new Map<string, { count: number; name: string }>();
  for (const { person } of attributions) {
    const entry = counts.get(person.name) ?? { count: 0, name: person.words.at(-1) ?? person.name };
    entry.count++;
    counts.set(person.name, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0]?.name;
}

/** The examples as a list, in the order help shows them. */
export function exampleList(examples: Examples): string[] {
  return [examples.ask, examples.brief, examples.quote].filter((e): e is string => e !== undefined);
}
