/**
 * Module boundaries (npm run lint): the directions the architecture allows, checked on every change.
 * Domain modules: accounts, catalogue, documents, search, taxonomy, seed; `common` and `config` are
 * shared infrastructure that knows no domain; `web` is one more client of the domain's services.
 */
const DOMAIN = '^src/(accounts|catalogue|documents|search|taxonomy|seed|web|health|cli|exports|citations|imports|operations)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide the order modules load in.', from: { path: '^src/' }, to: { circular: true } },
    {
      name: 'common-knows-no-domain',
      severity: 'error',
      comment: 'src/common is shared infrastructure: it may not depend on a domain module.',
      from: { path: '^src/(common|config|database)/' },
      to: { path: DOMAIN },
    },
    {
      name: 'catalogue-without-search-or-documents',
      severity: 'error',
      comment: 'The catalogue is the source of truth; search and documents build on it, never the other way.',
      from: { path: '^src/catalogue/' },
      to: { path: '^src/(search|documents|exports|citations|imports)/' },
    },
    {
      name: 'taxonomy-stands-alone',
      severity: 'error',
      comment: 'The taxonomy (themes, SDGs, regions) is reference data every module reads; it reads none of them.',
      from: { path: '^src/taxonomy/' },
      to: { path: '^src/(catalogue|documents|search|web|seed)/' },
    },
    {
      name: 'web-through-services',
      severity: 'error',
      comment: 'Pages are one more client of the domain: they call services, never resolvers, controllers, query builders, the engine or the database directly.',
      from: { path: '^src/web/' },
      to: { path: ['\\.(resolver|resolvers)\\.ts$', '^src/(?!web/).*\\.controller\\.ts$', 'filter\\.builder\\.ts$', '^src/search/meili', '^src/database/', '^src/documents/extraction/', '^src/catalogue/record-store\\.ts$'] },
    },
    {
      name: 'web-without-typeorm',
      severity: 'error',
      comment: 'The web layer reads through services; a query of its own would bypass their access rules.',
      from: { path: '^src/web/' },
      to: { path: 'node_modules/typeorm/' },
    },
    {
      name: 'src-not-from-test',
      severity: 'error',
      comment: 'Production code never depends on tests or their fixtures (a unit spec beside it may build its files with them).',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'src-not-from-bench',
      severity: 'error',
      comment: 'The benchmarks are built apart (bench/tsconfig.json) and never ship: the app cannot depend on them.',
      from: { path: '^src/' },
      to: { path: '^bench/' },
    },
    {
      name: 'bench-drives-the-built-app',
      severity: 'error',
      comment: 'A benchmark reaches the app as #app/… (dist/ when it runs): a relative import of src/ would load a second copy of the app beside the one it measures.',
      from: { path: '^bench/' },
      to: { path: '^src/', dependencyTypesNot: ['aliased-tsconfig-paths'] },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports is dead code (entry points, specs and declaration files aside).',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '\\.spec\\.ts$', '^src/(main|server)\\.ts$', '^src/cli/main\\.ts$', '^bench/[^/]+-bench\\.ts$', '^src/database/migrations/', '^src/documents/extraction/extract\\.worker\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['^dist/', '^src/web/assets/'] },
  },
};
