/**
 * Layering, checked in `pnpm lint` (scripts/lint/layers): the engine is pure (no server, widgets,
 * client or Node built-ins), the widgets reach the server over HTTP only, nothing imports in a
 * circle. TypeScript is parsed with swc (TypeScript 7 has no compiler API for dependency-cruiser).
 */
const engineCode = '^packages/engine/src/';
const engineTooling = '^packages/engine/src/(testing/|demo/walkthrough\\.ts$)|\\.test\\.tsx?$';

export default {
  forbidden: [
    {
      name: 'engine-imports-no-host',
      comment: 'The engine is pure: the server, the widgets and the client depend on it, never the reverse.',
      severity: 'error',
      from: { path: engineCode },
      to: { path: '^packages/(server|widgets|client)/|^@doanflow/(server|widgets|client)(/|$)' },
    },
    {
      name: 'engine-imports-no-node',
      comment: 'The engine does no I/O: no Node built-ins (its tests and testing helpers may read files).',
      severity: 'error',
      from: { path: engineCode, pathNot: engineTooling },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'widgets-reach-the-server-over-http',
      comment: 'The widgets run in a portal: they call the HTTP API, they never import the server.',
      severity: 'error',
      // Their browser tests start a real server to talk to; a type test may compare shapes.
      from: { path: '^packages/widgets/', pathNot: '^packages/widgets/test/|\\.test(-d)?\\.tsx?$' },
      to: { path: '^packages/server/' },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle makes load order matter and hides a missing layer (type-only imports vanish at run time: not counted).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage)/' },
    parser: 'swc',
    // Type-only imports are seen (and told apart), so a cycle through types alone is not reported.
    tsPreCompilationDeps: true,
    // Workspace packages resolve through their exports to their sources (packages/*/src).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
