/** A corpus file that cannot be used; the message names the file, and the line where there is one. */
export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'CorpusError';
  }
}
