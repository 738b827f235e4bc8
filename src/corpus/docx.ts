import type { Converted } from './convert.js';
import { ConvertError } from './convert.js';
import { htmlSections } from './html.js';
import { checkUnzippedSize, MAX_UNZIPPED_BYTES } from './unzip-limit.js';

/** The start of an OLE compound file: an encrypted .docx, or an old binary .doc. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** Reads a Word file: its headings become sections (mammoth maps Word's heading styles), and its core properties the metadata. */
export async function readDocx(bytes: Uint8Array): Promise<Converted> {
  if (OLE_MAGIC.every((b, i) => bytes[i] === b))
    throw new ConvertError('the Word file is encrypted (password-protected) or in the old .doc format; save it as an unprotected .docx');
  // Images are never read (only text is kept), so they are not counted against the limit either.
  await checkUnzippedSize(bytes, MAX_UNZIPPED_BYTES, (name) => !/^word\/(media|embeddings)\//.test(name));
  const { default: mammoth } = await import('mammoth');
  const { parseHTML } = await import('linkedom');
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let html: string;
  let properties: Record<string, string>;
  try {
    // mammoth hands `buffer` to JSZip, which takes any byte array.
    html = (
      await mammoth.convertToHtml({ buffer: bytes } as unknown as Parameters<typeof mammoth.convertToHtml>[0], {
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      })
    ).value;
    properties = await coreProperties(arrayBuffer);
  } catch (error) {
    throw new ConvertError(`not a readable Word file (${(error as Error).message.split(/\n| : /)[0]})`);
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const built = htmlSections(document.body as unknown as Element, properties.title);
  const title = properties.title ?? built.title;
  return { meta: { ...properties, ...(title ? { title } : {}) }, sections: built.sections, problems: [] };
}

/** Title, author, company and date from `docProps/core.xml` and `docProps/app.xml`. */
async function coreProperties(arrayBuffer: ArrayBuffer): Promise<Record<string, string>> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(arrayBuffer);
  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const app = (await zip.file('docProps/app.xml')?.async('string')) ?? '';
  const tag = (xml: string, name: string) => {
    const value = new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();
    return value ? decodeXml(value) : undefined;
  };
  const created = tag(core, 'dcterms:created');
  const fields: Record<string, string | undefined> = {
    title: tag(core, 'dc:title'),
    author: tag(core, 'dc:creator'),
    publisher: tag(app, 'Company'),
    date: created && /^\d{4}-\d{2}-\d{2}/.test(created) ? created.slice(0, 10) : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v)) as Record<string, string>;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name]!);
}
