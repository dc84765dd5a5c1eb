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

/** Forbids imports that climb out of sim/allocator (by `up`) into anything but contracts/models. */
function allocatorBoundary(files, up) {
  return {
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^${up}(?!contracts/|\\.\\./models/)`,
              message:
                'The allocator core may import only sim/contracts, sim/allocator and models.',
            },
            { regex: '^seedrandom$', message: 'Take a RandomStream as a parameter.' },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'native/build/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] } },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
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
  {
    files: ['**/*.js'],
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
