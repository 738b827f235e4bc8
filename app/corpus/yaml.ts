import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { useFullYaml, YAMLParseError } from '../../src/corpus/yaml.js';

// The corpus's YAML beyond simple `key: value` lines goes to the yaml library, loaded on the first
// file that needs it: importing it would slow every start of the console and the tool.
let library: typeof Yaml | undefined;

useFullYaml((text) => {
  library ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  try {
    return library.parse(text);
  } catch (error) {
    if (error instanceof library.YAMLParseError) throw new YAMLParseError(error.message, error.linePos);
    throw error;
  }
});
