// Checks the one-way layering of src/ and server/ and that neither has an import cycle. Prints file:line and the
// rule for every violation; exits 1 when there is one.
//
//   node scripts/check-layers.mjs [root]      (root defaults to the repository; tests run it on a fixture tree)
//
// The layers (house-style.md, after bulletproof-react):
//   shared  src/api, src/components, src/config, src/lib, src/theme.ts   import no feature and no app code
//   feature src/features/<name>                                           imports shared code and its own feature,
//                                                                         never another feature nor src/app
//   app     src/app, src/main.tsx                                        may import everything in src/
//   src/test and test files (*.test.ts[x]) are test infrastructure: they may import src/app and server/test, but
//   a feature's tests still may not reach into another feature.
//   src/ never imports server/ (tests excepted); server/ imports nothing from src/ but the generated API types.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? '.');
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.mjs', '.js'];
const SCHEMA = 'src/api/schema.d.ts';

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(m?ts|tsx|mjs|js)$/.test(name)) out.push(path);
  }
  return out;
}

const rel = (path) => relative(root, path).split(sep).join('/');

/** Every import, export-from, import() and require() of a file, with its line and whether it is type-only. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (node, specifier, typeOnly) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier, line, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node, node.arguments[0].text, false);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node, node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The repository-relative file an import names, or undefined for a package. */
function resolveImport(from, specifier) {
  let base;
  if (specifier.startsWith('@/')) base = join(root, 'src', specifier.slice(2));
  else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  else return undefined;
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => join(base, `index${e}`))];
  if (/\.js$/.test(base)) candidates.push(base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'));
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return rel(hit ?? base);
}

const isTest = (file) =>
  /\.test\.(ts|tsx)$/.test(file) || file.startsWith('src/test/') || file.startsWith('server/test/');

/** Which layer a file of src/ is in. */
function layerOf(file) {
  if (!file.startsWith('src/')) return undefined;
  const feature = /^src\/features\/([^/]+)\//.exec(file);
  if (feature) return { kind: 'feature', name: feature[1] };
  if (file.startsWith('src/app/') || file === 'src/main.tsx') return { kind: 'app' };
  if (file.startsWith('src/test/')) return { kind: 'test' };
  return { kind: 'shared' };
}

/** The rule an import breaks, or undefined. */
function brokenRule(from, to) {
  if (from.startsWith('server/')) {
    if (to.startsWith('src/') && to !== SCHEMA)
      return `server/ imports nothing from src/ but the generated API types (${SCHEMA})`;
    return undefined;
  }
  if (!from.startsWith('src/')) return undefined;
  if (to.startsWith('server/')) {
    if (isTest(from)) return undefined;
    return 'src/ never imports server/ (only tests may, to start the local server)';
  }
  const a = layerOf(from);
  const b = layerOf(to);
  if (!a || !b) return undefined;
  if (b.kind === 'test' && !isTest(from)) return 'only tests import src/test/';
  if (a.kind === 'shared') {
    if (b.kind === 'feature' && !isTest(from))
      return `shared code (src/api, components, config, lib) imports no feature (src/features/${b.name})`;
    if (b.kind === 'app' && !isTest(from))
      return 'shared code (src/api, components, config, lib) imports nothing from src/app';
  }
  if (a.kind === 'feature') {
    if (b.kind === 'feature' && b.name !== a.name)
      return `feature "${a.name}" imports another feature ("${b.name}"): compose features in src/app instead`;
    if (b.kind === 'app' && !isTest(from))
      return `feature "${a.name}" imports src/app: features never depend on the app`;
  }
  return undefined;
}

const files = [...walk(join(root, 'src')), ...walk(join(root, 'server'))].map(rel).filter((f) => !f.endsWith('.d.ts'));
const problems = [];
/** Runtime edges (type-only imports do not make a cycle at run time), for the cycle check. */
const graph = new Map();

for (const file of files) {
  const edges = [];
  for (const { specifier, line, typeOnly } of importsOf(join(root, file))) {
    const to = resolveImport(join(root, file), specifier);
    if (!to) continue;
    const rule = brokenRule(file, to);
    if (rule) problems.push(`${file}:${line}: imports ${specifier}: ${rule}`);
    if (!typeOnly) edges.push({ to, line });
  }
  graph.set(file, edges);
}

// Cycles: Tarjan's strongly connected components over runtime imports.
let index = 0;
const indices = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function strongConnect(v) {
  indices.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const { to } of graph.get(v) ?? []) {
    if (!graph.has(to)) continue;
    if (!indices.has(to)) {
      strongConnect(to);
      low.set(v, Math.min(low.get(v), low.get(to)));
    } else if (onStack.has(to)) low.set(v, Math.min(low.get(v), indices.get(to)));
  }
  if (low.get(v) === indices.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const selfLoop = (graph.get(v) ?? []).some((e) => e.to === v);
    if (component.length > 1 || selfLoop) components.push(component);
  }
}
for (const file of graph.keys()) if (!indices.has(file)) strongConnect(file);

for (const component of components) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  // Walk one cycle inside the component, to print it as a path.
  const path = [start];
  const seen = new Set([start]);
  let at = start;
  for (;;) {
    const next = (graph.get(at) ?? []).find((e) => members.has(e.to) && (e.to === start || !seen.has(e.to)));
    if (!next) break;
    path.push(`${next.to} (line ${next.line} of ${at})`);
    if (next.to === start) break;
    seen.add(next.to);
    at = next.to;
  }
  const first = (graph.get(start) ?? []).find((e) => members.has(e.to));
  problems.push(`${start}:${first?.line ?? 1}: import cycle: ${path.join(' -> ')}`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`\n${problems.length} layering problem(s); see the rules at the top of scripts/check-layers.mjs`);
  process.exit(1);
}
console.log(`Layers and cycles OK (${files.length} files in src/ and server/)`);
