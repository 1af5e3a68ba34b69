import path from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The page and the code it shares with the host (db/shared/) must stay pure: no Node, no SQLite,
 * no Electron, no exporters. Imports are allowed only by where they lead, so a value import of a
 * Node-only module is refused however it is spelled (relative path, package, `import type` too:
 * a type that lives beside Node code belongs in db/shared/).
 */
const ROOT = path.dirname(new URL(import.meta.url).pathname);
const SHARED = path.join(ROOT, 'db', 'shared');
const PAGE = path.join(ROOT, 'renderer', 'src');
const BOUNDARIES = [
  { dir: SHARED, folders: [SHARED], packages: ['zod'] },
  {
    dir: PAGE,
    folders: [PAGE, SHARED],
    packages: ['zod', 'react', 'react-dom', 'antd', '@ant-design/icons', 'dayjs'],
  },
];
const inside = (file, dir) => file === dir || file.startsWith(dir + path.sep);
const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

const pureImports = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    const boundary = BOUNDARIES.find((b) => inside(file, b.dir));
    if (!boundary) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const where = path.relative(ROOT, boundary.dir);
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        if (boundary.folders.some((d) => inside(target, d))) return;
        context.report({
          node,
          message: `${where} may import only from ${boundary.folders.map((d) => path.relative(ROOT, d)).join(', ')}: '${spec}' is outside`,
        });
      } else if (!boundary.packages.includes(packageOf(spec))) {
        context.report({ node, message: `${where} may not import '${spec}' (not pure)` });
      }
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => check(n, n.source.type === 'Literal' ? n.source.value : undefined),
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-output/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // The page: a browser, no Node.
    files: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/src/**', 'db/shared/**'],
    plugins: { boundaries: { rules: { 'pure-imports': pureImports } } },
    rules: { 'boundaries/pure-imports': 'error' },
  },
);
