import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const REPOSITORY_FILES = ['backend/src/**/*.repository.ts', 'backend/src/infra/database/**/*.ts'];
const STATES = 'not_started|draft|submitted|returned|approved';
const STATE_LIST_MESSAGE = 'Report-state lists come from the state machine in shared/ (WRITABLE_REPORT_STATES, PUBLISHED_REPORT_STATES, canTransition).';
const STATE_LIST_RULES = [
  { selector: `ArrayExpression > Literal[value=/^(${STATES})$/]`, message: STATE_LIST_MESSAGE },
  { selector: `TemplateElement[value.raw=/'(${STATES})'\\s*,/]`, message: STATE_LIST_MESSAGE },
  { selector: `Literal[value=/'(${STATES})'\\s*,/]`, message: STATE_LIST_MESSAGE },
];
const SQL_MESSAGE = 'SQL text belongs in a *.repository.ts file (or backend/src/infra/database/); services hold rules, repositories hold SQL.';
const RAW_SQL_RULES = [
  { selector: "CallExpression[callee.property.name='execute']", message: SQL_MESSAGE },
  { selector: "CallExpression[callee.property.name='query'][arguments.0.type=/^(Literal|TemplateLiteral)$/]", message: SQL_MESSAGE },
  { selector: "CallExpression[callee.property.name=/^(getConnection|getKysely|getNativeClient)$/]", message: SQL_MESSAGE },
  { selector: "TaggedTemplateExpression[tag.name=/^(sql|raw)$/]", message: SQL_MESSAGE },
  { selector: "CallExpression[callee.name='raw']", message: SQL_MESSAGE },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'test/artifacts/**', '**/coverage/**', 'backend/src/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  // Guard rails of the backend's data access (README, Architecture): SQL text only in repositories
  // and infra/database, no EntityManager in controllers, report-state lists only from shared/.
  {
    files: ['backend/src/**/*.ts'],
    ignores: REPOSITORY_FILES,
    rules: { 'no-restricted-syntax': ['error', ...STATE_LIST_RULES, ...RAW_SQL_RULES] },
  },
  {
    files: REPOSITORY_FILES,
    rules: { 'no-restricted-syntax': ['error', ...STATE_LIST_RULES] },
  },
  {
    files: ['backend/src/**/*.controller.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@mikro-orm/postgresql', '@mikro-orm/core', '@mikro-orm/sql'].map((name) => ({
            name,
            importNames: ['EntityManager'],
            message: 'Controllers call services; the EntityManager belongs to services and repositories.',
          })),
        },
      ],
    },
  },
  {
    files: ['**/test/**/*.ts', '**/*.test.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
