import tseslint from 'typescript-eslint';
import layerRule from './tools/eslint/layer-rule.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { tocsin: { rules: { layers: layerRule } } },
    rules: {
      'tocsin/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain code never reads the clock: pass `now` in' }, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'domain code never reads the clock: pass `now` in' }],
    },
  },
);
