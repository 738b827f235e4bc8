// The three layers (see STYLE.md): core (src/) <- adapters (adapters/) <- shell (app/).
// Each imports only what is below it; the core touches no platform, process, file or clock.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-upward',
      comment: 'The core (src/) imports nothing from the adapters or the shell.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(adapters|app)/' },
    },
    {
      name: 'adapter-imports-shell',
      comment: 'Adapters take their own options and throw their own errors; the shell maps its configuration onto them.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^app/' },
    },
    {
      name: 'core-imports-node',
      comment: 'The core is pure: files, processes, sockets and threads are passed in by the shell.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-imports-platform',
      comment: 'Platform and process libraries (chat SDKs, Redis, logging, environment, metrics) belong to the adapters and the shell.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: 'node_modules/(discord[.]js|@discordjs|@slack|ioredis|pino|dotenv|prom-client|rate-limiter-flexible|ws|puppeteer-core)/' },
    },
    {
      name: 'not-to-tests',
      comment: 'Shipped code never imports test support.',
      severity: 'error',
      from: { path: '^(src|adapters|app)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
