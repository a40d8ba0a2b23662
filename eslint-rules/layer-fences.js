// A local ESLint rule: which layer may import which, decided on the resolved path of every relative
// import. `no-restricted-imports` matches the import *string*, so an import that climbs to the root
// and back down (`../../../electron/app/ipc.js` from electron/core/logs/) slipped through it.
// Resolution is lexical (path.resolve, no file system), so a probe for a file that does not exist
// yet is judged like any other, and no resolver plugin is needed for our `.js` → `.ts` imports.
import path from 'node:path';

/**
 * @typedef {{ folder: string, may: string[], only?: Record<string, string[]>, message: string }} Layer
 * `folder` is relative to the repository root; `may` lists the layers (folders) it may import;
 * `only` narrows a layer in `may` to the listed module files (without extension).
 */

/** The layer a repository-relative path belongs to: the longest matching folder. */
function layerOf(layers, relative) {
  let best;
  for (const layer of layers) {
    if (relative === layer.folder || relative.startsWith(`${layer.folder}/`)) {
      if (!best || layer.folder.length > best.folder.length) best = layer;
    }
  }
  return best;
}

/** @type {import('eslint').Rule.RuleModule} */
const layerFences = {
  meta: {
    type: 'problem',
    docs: { description: 'Layer fences on resolved import paths (docs/ARCHITECTURE.md)' },
    schema: [{ type: 'object', properties: { root: { type: 'string' }, layers: { type: 'array' } } }],
    messages: { fenced: '{{message}} ({{target}})' },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const from = layerOf(layers, path.relative(root, context.filename).split(path.sep).join('/'));
    if (!from) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = path
        .relative(root, path.resolve(path.dirname(context.filename), specifier))
        .split(path.sep)
        .join('/');
      const to = layerOf(layers, target);
      const moduleName = target.replace(/\.(js|ts|tsx|mjs)$/, '');
      const allowed =
        to !== undefined &&
        (to === from ||
          (from.may.includes(to.folder) &&
            (!from.only?.[to.folder] || from.only[to.folder].includes(moduleName))));
      if (!allowed) context.report({ node, messageId: 'fenced', data: { message: from.message, target } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export const layerFencesPlugin = { rules: { 'layer-fences': layerFences } };
