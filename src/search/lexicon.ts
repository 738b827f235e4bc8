// The data behind the text pipeline. Extend these lists to teach redline a domain's words;
// `PIPELINE_VERSION` in text.ts changes when they do, so cached indexes are rebuilt.

/** Words that carry no meaning for retrieval (in queries and passages alike). */
export const STOP_WORDS: readonly string[] = [
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
  'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'could', 'did', 'do',
  'does', 'doing', 'down', 'during', 'each', 'even', 'ever', 'every', 'few', 'for', 'from', 'further', 'had', 'has',
  'have', 'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how', 'i', 'if', 'in',
  'into', 'is', 'it', 'its', 'itself', 'just', 'me', 'might', 'more', 'most', 'must', 'my', 'myself', 'nor', 'not',
  'now', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'ought', 'our', 'ours', 'ourselves', 'out', 'over', 'own',
  'same', 'shall', 'she', 'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their', 'theirs', 'them',
  'themselves', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up',
  'upon', 'us', 'very', 'was', 'we', 'were', 'what', 'whats', 'when', 'where', 'which', 'while', 'who', 'whom',
  'whose', 'why', 'will', 'with', 'would', 'you', 'your', 'yours', 'yourself', 'yourselves', 'tell', 'told',
  'say', 'said', 'says', 'saying', 'please', 'show', 'explain', 'anything', 'something', 'thing', 'things', 'know',
  'mean', 'means', 'meant', 'happen', 'happened', 'happens', 'going', 'get', 'got', 'let', 'lets', 'like', 'much',
  'many', 'may', 'which', 'yet', 'still', 'well', 'via', 'per', 'within', 'without', 'across', 'among', 'whether',
  'however', 'although', 'though', 'therefore', 'thus', 'including', 'regarding', 'cannot', 'cant', 'dont', 'doesnt',
  'no', 'near', 'nearby', 'around', 'toward', 'towards', 'along', 'beside', 'besides', 'inside', 'outside', 'behind',
  'beyond', 'despite', 'till', 'unless', 'whereas', 'whilst', 'onto', 'amid', 'amidst', 'versus', 'else', 'ago',
  'didnt', 'want', 'wants', 'wanted', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'wouldnt', 'shouldnt', 'couldnt', 'hasnt', 'havent', 'hadnt',
];

/**
 * Adjectives, demonyms and direction words folded to the name they derive from, so that
 * "Russian" finds "Russia" and "eastward" finds "east". Applied before stemming.
 */
export const WORD_FORMS: Readonly<Record<string, string>> = {
  russian: 'russia', russians: 'russia', russias: 'russia',
  ukrainian: 'ukraine', ukrainians: 'ukraine',
  american: 'usa', americans: 'usa', america: 'usa',
  soviet: 'soviet', soviets: 'soviet', ussr: 'soviet',
  chinese: 'china', georgian: 'georgia', georgians: 'georgia',
  afghan: 'afghanistan', afghans: 'afghanistan', iranian: 'iran', iranians: 'iran',
  european: 'europe', europeans: 'europe', polish: 'poland', baltics: 'baltic',
  estonian: 'estonia', latvian: 'latvia', lithuanian: 'lithuania', romanian: 'romania',
  bulgarian: 'bulgaria', hungarian: 'hungary', slovak: 'slovakia', czech: 'czech',
  british: 'britain', french: 'france', german: 'germany', turkish: 'turkey',
  eastern: 'east', eastward: 'east', eastwards: 'east', westward: 'west', westwards: 'west', western: 'west',
  northern: 'north', southern: 'south',
  nuclear: 'nuclear', nukes: 'nuclear', nuke: 'nuclear',
};

/**
 * Words that mean the same in this domain. Each group is expanded at index time: a passage
 * that says "Moscow" is also found by "Kremlin", in a field weighted below the passage's own words.
 */
export const SYNONYMS: readonly (readonly string[])[] = [
  ['kremlin', 'moscow'],
  ['washington', 'usa'],
  ['beijing', 'china'],
  ['kyiv', 'kiev', 'ukraine'],
  ['talks', 'negotiations', 'dialogue', 'discussions', 'negotiate', 'talk'],
  ['summit', 'meeting', 'talks'],
  ['embassy', 'diplomatic mission', 'consulate', 'mission'],
  ['diplomat', 'ambassador', 'envoy', 'diplomatic'],
  ['expel', 'expulsion', 'deport', 'oust', 'kick out'],
  ['sanction', 'penalty', 'embargo'],
  ['troops', 'forces', 'soldiers', 'army', 'military'],
  ['border', 'frontier'],
  ['expansion', 'enlargement', 'expand', 'enlarge', 'widen', 'grow'],
  ['treaty', 'agreement', 'accord', 'pact', 'deal'],
  ['missile', 'rocket'],
  ['weapons', 'arms', 'armament', 'weaponry'],
  ['limitation', 'control', 'limit', 'curb'],
  ['change', 'increase', 'rise', 'decrease', 'shift', 'drop'],
  ['nuclear', 'atomic'],
  ['war', 'conflict', 'fighting'],
  ['invasion', 'invade', 'aggression', 'attack'],
  ['cybersecurity', 'cyber', 'hacking', 'information security'],
  ['outlook', 'prospects', 'forecast', 'future', 'predict'],
  ['relations', 'ties', 'relationship'],
  ['guarantee', 'assurance', 'commitment', 'pledge'],
  ['spokeswoman', 'spokesperson', 'spokesman'],
  ['foreign ministry', 'foreign office'],
  ['minister', 'official'],
  ['demand', 'request', 'ask'],
  ['trade', 'commerce', 'business', 'economic'],
  ['economy', 'economic', 'socio-economic'],
  ['budget', 'spending', 'funding'],
  ['alliance', 'bloc', 'allies', 'ally'],
  ['join', 'accession', 'membership', 'admit', 'admitting', 'joining', 'member'],
  ['deterrence', 'containment', 'deter', 'contain'],
  ['threat', 'danger', 'risk'],
  ['unprecedented', 'unheard'],
  ['withdraw', 'withdrawal', 'pull out', 'retreat'],
  ['visa', 'visas', 'consular'],
  ['reset', 'restart', 'normalize', 'normalization', 'normalise'],
  ['deadlock', 'stalemate', 'impasse'],
  ['gas', 'pipeline', 'nord stream'],
  ['soviet', 'ussr'],
  ['president', 'leader'],
  ['warn', 'warning', 'threaten'],
  ['staff', 'employees', 'personnel', 'workers'],
  ['deadline', 'later than', 'due date', 'cutoff'],
  ['former', 'ex', 'formerly', 'previous'],
  ['country', 'state', 'nation'],
];

/** Phrases read as one name wherever they occur (after folding), e.g. "United States" → the country. */
export const PHRASES: Readonly<Record<string, string>> = {
  'united states': 'usa',
  'united states of america': 'usa',
  'soviet union': 'soviet',
};
