/**
 * Import rules the layout depends on (docs/architecture.md): apps use libs, never each other, tools or
 * tests; libs never reach into apps; pure domain code stays free of persistence, Kafka and Nest.
 * Run by `npm run lint` (and so by CI).
 */
module.exports = {
  forbidden: [
    {
      name: 'apps-never-import-other-apps',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'production-code-never-imports-tools-or-tests',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(tools|test)/' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'Rules are plain functions: no database, broker or framework in domain code.',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/domain/', pathNot: '\\.spec\\.ts$' },
      to: { path: '(node_modules/(typeorm|pg|kafkajs|@nestjs)/|^libs/(persistence|kafka|platform)/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { pathNot: '^node_modules' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
