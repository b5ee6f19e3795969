// The buyer's script in the dialect its header promises, checked by tests/etalase/browser.rs:
//
//   node tests/browser/dialect.mjs '{"file": "<path of app.js>"}'
//
// It must parse as an ES2017 classic script (what the browsers of cheap Android phones
// run; a module would be refused from file://), in one dialect: `const` and `let`, no
// `var`. Prints one JSON object: the parse error, if any, and the lines with `var`.
import { parse } from 'acorn';
import { readFileSync } from 'node:fs';

const plan = JSON.parse(process.argv[2]);
const source = readFileSync(plan.file, 'utf8');
const out = { error: null, varLines: [] };
try {
  const ast = parse(source, { ecmaVersion: 2017, sourceType: 'script', locations: true });
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'VariableDeclaration' && node.kind === 'var') out.varLines.push(node.loc.start.line);
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && value && typeof value === 'object') walk(value);
  };
  walk(ast);
} catch (e) {
  out.error = String(e.message);
}
console.log(JSON.stringify(out));
