// A document's metadata written as YAML: a Markdown file's front matter, and the sidecar
// (`NAME.EXT.yaml`) beside any corpus file, whose fields override the file's own.
import { CorpusError } from './corpus-error.js';
import { parseYaml, YAMLParseError } from './yaml.js';

const SIDECAR_FIELDS = ['id', 'title', 'source', 'publisher', 'url', 'date', 'language'];

/** The fields of a sidecar, checked against the ones a sidecar may set; none without one. */
export function readSidecar(file: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const name = `${file}.yaml`;
  const fields = readFrontMatter(name, text, 1);
  for (const key of Object.keys(fields))
    if (!SIDECAR_FIELDS.includes(key))
      throw new CorpusError(name, 1, `unknown field "${key}" (a sidecar may set ${SIDECAR_FIELDS.join(', ')})`);
  return fields;
}

/** The mapping a YAML block holds, its errors named by file and line (`firstLine` 1: a sidecar, else front matter after its "---"). */
export function readFrontMatter(file: string, yaml: string, firstLine = 2): Record<string, unknown> {
  try {
    const value: unknown = parseYaml(yaml);
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw new CorpusError(file, firstLine, `${firstLine === 1 ? 'a sidecar' : 'front matter'} must be a YAML mapping (key: value lines)`);
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    const line = error instanceof YAMLParseError && error.linePos ? error.linePos[0].line + firstLine - 1 : firstLine;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CorpusError(file, line, `unreadable ${firstLine === 1 ? 'sidecar' : 'front matter'}: ${reason}`);
  }
}
