// ESLint rule that keeps STYLE.md's import direction: domain ← app ← adapters ← main.
// An adapter never imports another adapter; `adapters/shared` holds transport helpers any adapter may use.
import path from 'node:path';

const SDKS = [/^@slack\//, /^botbuilder/, /^botframework-/, /^kysely/, /^better-sqlite3/, /^pg$/, /^pg-/, /^node:(http|https|net|fs|fs\/promises|child_process)$/, /^(http|https|net|fs)$/, /^pino/, /^node-cron/, /^prom-client/];

function layerOf(file, root) {
  const rel = path.relative(path.join(root, 'src'), file).split(path.sep);
  if (rel[0] === '..' || rel.length === 0) return null;
  if (rel[0] === 'main.ts' || rel[0] === 'main') return { layer: 'main' };
  if (rel[0] === 'adapters') return { layer: 'adapters', adapter: rel[1] };
  return { layer: rel[0] };
}

const RANK = { domain: 0, config: 1, app: 2, adapters: 3, main: 4 };

export default {
  meta: { type: 'problem', schema: [], messages: { dir: '{{from}} may not import {{to}} (imports point domain ← app ← adapters ← main)', sdk: '{{from}} must stay free of I/O and SDKs; `{{name}}` belongs in an adapter', sibling: 'adapter `{{a}}` may not import adapter `{{b}}`; wire them together in src/main.ts' } },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const me = layerOf(file, root);
    if (!me) return {};
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (!spec.startsWith('.')) {
        if ((me.layer === 'domain' || me.layer === 'app') && SDKS.some((re) => re.test(spec))) {
          context.report({ node, messageId: 'sdk', data: { from: me.layer, name: spec } });
        }
        return;
      }
      const target = layerOf(path.resolve(path.dirname(file), spec), root);
      if (!target) return;
      if (RANK[target.layer] > RANK[me.layer]) {
        context.report({ node, messageId: 'dir', data: { from: me.layer, to: target.layer } });
      } else if (me.layer === 'adapters' && target.layer === 'adapters' && target.adapter !== me.adapter && target.adapter !== 'shared') {
        context.report({ node, messageId: 'sibling', data: { a: me.adapter, b: target.adapter } });
      }
    }
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};
