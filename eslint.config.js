import tseslint from 'typescript-eslint';
import layerRule from './tools/eslint/layer-rule.js';

// zod's named `z` is a namespace object the bundler cannot trim: every locale (~370 KB) would be
// loaded by each CLI command that validates anything. `import * as z from 'zod'` keeps what is used.
const ZOD_NAMED_Z = {
  selector: "ImportDeclaration[source.value='zod'][importKind='value'] > ImportSpecifier[imported.name='z'][importKind='value']",
  message: "import * as z from 'zod': the named z carries every zod locale into dist/",
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { tocsin: { rules: { layers: layerRule } } },
    rules: {
      'tocsin/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', ZOD_NAMED_Z],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ZOD_NAMED_Z, { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain code never reads the clock: pass `now` in' }, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'domain code never reads the clock: pass `now` in' }],
    },
  },
);
