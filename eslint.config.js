// Lint: typescript-eslint's type-checked rules everywhere, and the determinism bans where
// simulated code lives (sim/, models/, scenarios/): no wall clock, no timers, no Math.random.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const determinism = {
  'no-restricted-properties': [
    'error',
    {
      object: 'Math',
      property: 'random',
      message: 'Use the injected RandomStream (sim/engine/rng.ts).',
    },
    { object: 'Date', property: 'now', message: 'Use clock.nowUs().' },
    { object: 'performance', property: 'now', message: 'Use clock.nowUs().' },
    { object: 'crypto', property: 'randomUUID', message: 'Derive ids from a counter or the rng.' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Use clock.setTimer() or clock.sleep().' },
    { name: 'setInterval', message: 'Use clock.setTimer() in a loop.' },
    { name: 'setImmediate', message: 'Schedule an engine event instead.' },
    { name: 'performance', message: 'Simulated code has no wall clock.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'new Date() reads the wall clock.',
    },
  ],
};

/** An import-boundary rule: `files` (minus `ignores`) may not import what `forbidden` matches. */
function boundary(files, ignores, forbidden) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: forbidden.map(([regex, message]) => ({ regex, message })) },
      ],
    },
  };
}

// The parts and the arrows that must never exist (ARCHITECTURE.md). Import paths are relative, so
// each pattern matches a folder name after a `/`.
const NO_CLI = ['(^|/)cli/', 'Only the command line imports cli/.'];
const NO_REPORTS = ['(^|/)reports/', 'Rendering reads the results document; it is not imported.'];
const NO_NATIVE = ['(^|/)native/', 'The simulator never needs the native binding.'];
const NO_SIM = ['(^|/)sim/', 'Models and scenarios are pure: they never import the simulator.'];
const NO_SCENARIOS = ['(^|/)scenarios/', 'Import the vocabulary from models/ instead.'];
const NO_TESTING = [
  '(^|/)testing/',
  'Only test suites import enisim/testing (it needs fast-check, an optional peer dependency).',
];
const CLI_API_ONLY = [
  '(^|/)cli/(?!api/)',
  'enisim/testing runs scenarios through the programmatic API (cli/api/), as users do.',
];
const ALLOCATOR_DOOR = [
  '(^|/)allocator/(?!index\\.js$)',
  'Enter the allocator core through sim/allocator/index.js.',
];

/** The allocator core may import only sim/contracts and models (climbing `up` to leave it). */
function allocatorBoundary(files, up) {
  return boundary(
    [files],
    [],
    [
      [
        `^${up}(?!contracts/|\\.\\./models/)`,
        'The allocator core may import only sim/contracts, sim/allocator and models.',
      ],
      ['^seedrandom$', 'Take a RandomStream as a parameter.'],
    ],
  );
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'native/build/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'native/scripts/*.mjs'] },
      },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Destructuring out what an object must not carry on (`{ dropped, ...kept }`) is fine.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-console': 'off',
    },
  },
  {
    files: ['sim/**/*.ts', 'models/**/*.ts', 'scenarios/**/*.ts'],
    rules: determinism,
  },
  // The allocator core runs on real nodes too: it may depend on the contracts and the models,
  // never on the simulator around it.
  allocatorBoundary('sim/allocator/*.ts', '\\.\\./'),
  allocatorBoundary('sim/allocator/*/**/*.ts', '\\.\\./\\.\\./'),
  boundary(
    ['sim/**/*.ts'],
    ['sim/allocator/**'],
    [NO_CLI, NO_REPORTS, NO_NATIVE, NO_TESTING, ALLOCATOR_DOOR],
  ),
  boundary(
    ['models/**/*.ts'],
    [],
    [NO_SIM, NO_SCENARIOS, NO_REPORTS, NO_CLI, NO_NATIVE, NO_TESTING],
  ),
  boundary(['scenarios/**/*.ts'], [], [NO_SIM, NO_REPORTS, NO_CLI, NO_NATIVE, NO_TESTING]),
  boundary(['reports/**/*.ts'], [], [NO_SIM, NO_SCENARIOS, NO_CLI, NO_NATIVE, NO_TESTING]),
  boundary(
    ['native/**/*.ts'],
    [],
    [
      NO_CLI,
      NO_REPORTS,
      NO_SCENARIOS,
      NO_TESTING,
      ALLOCATOR_DOOR,
      [
        '(^|/)sim/(?!contracts/|datapath/|allocator/index\\.js$)',
        'native/ takes only the contracts, the allocator door and the in-memory datapath from sim/.',
      ],
    ],
  ),
  boundary(['cli/**/*.ts'], [], [NO_TESTING]),
  boundary(['testing/**/*.ts'], [], [NO_SIM, NO_REPORTS, NO_NATIVE, CLI_API_ONLY, ALLOCATOR_DOOR]),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
