// Every test reads YAML as the app does: the shell hands the core its full parser.
import '../../app/corpus/yaml.js';
