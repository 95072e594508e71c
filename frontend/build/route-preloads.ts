import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROUTE_PRELOADS_FILE, type RoutePreloads } from '@uppsikt/shared';
import type { Plugin } from 'vite';

type Node = { type: string; [key: string]: unknown };
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';

/** Every node below `node` (depth first, `node` included). */
function* nodes(node: unknown): Generator<Node> {
  if (Array.isArray(node)) for (const n of node) yield* nodes(n);
  else if (isNode(node)) {
    yield node;
    for (const [key, value] of Object.entries(node)) if (key !== 'type') yield* nodes(value);
  }
}

/** Every `import('…')` source inside a node (a route's lazy `component`). */
const importSources = (node: unknown): string[] =>
  [...nodes(node)].flatMap((n) => (n.type === 'ImportExpression' && isNode(n.source) && typeof n.source.value === 'string' ? [n.source.value] : []));

function property(obj: Node, name: string): Node | undefined {
  const props = (obj.properties as Node[] | undefined) ?? [];
  const found = props.find((p) => p.type === 'Property' && isNode(p.key) && ((p.key as Node).name === name || (p.key as Node).value === name));
  return found?.value as Node | undefined;
}

function findRoutesArray(ast: unknown): Node | undefined {
  for (const n of nodes(ast)) {
    if (n.type === 'VariableDeclarator' && isNode(n.id) && n.id.name === 'routes' && isNode(n.init) && n.init.type === 'ArrayExpression') return n.init;
  }
  return undefined;
}

/** Path pattern → the view modules it renders (a nested route: its layout's and its own), in router order. */
export function routeViews(ast: unknown): { path: string; views: string[] }[] {
  const routes = findRoutesArray(ast);
  if (!routes) throw new Error('route-preloads: no `routes` array in the router');
  const out: { path: string; views: string[] }[] = [];
  const walk = (records: Node, prefix: string, parentViews: string[]) => {
    for (const record of records.elements as Node[]) {
      const path = property(record, 'path')?.value;
      if (typeof path !== 'string') continue;
      const full = path.startsWith('/') ? path : `${prefix.replace(/\/$/u, '')}/${path}`.replace(/\/$/u, '') || '/';
      const component = property(record, 'component');
      const views = [...parentViews, ...(component ? importSources(component) : [])];
      const children = property(record, 'children');
      if (children?.type === 'ArrayExpression') {
        walk(children, full, views);
        // The parent's own path (a redirect to its first child): at least the layout's code.
        out.push({ path: full, views });
      } else if (component) out.push({ path: full, views });
    }
  };
  walk(routes, '', []);
  return out;
}

/**
 * Writes `route-preloads.json` beside index.html: for each page of the router, the chunks (and CSS)
 * of its view and everything they import that index.html does not already preload. The API names
 * them in a `Link` header with the page, so the browser fetches a page's code together with the
 * app's own scripts rather than one round trip after them. Read from the router's source, so the
 * router stays the one place that says which view a path shows.
 */
export function routePreloads(routerFile: string, srcDir: string): Plugin {
  return {
    name: 'uppsikt:route-preloads',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byModule = new Map(chunks.filter((c) => c.facadeModuleId).map((c) => [c.facadeModuleId!, c]));
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (start: string[], into = new Set<string>()) => {
        for (const file of start) {
          if (into.has(file)) continue;
          into.add(file);
          closure(byFile.get(file)?.imports ?? [], into);
        }
        return into;
      };
      const onPage = closure(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
      const ast = this.parse(readFileSync(routerFile, 'utf8'), { lang: 'ts' });
      const pages: RoutePreloads = routeViews(ast).map(({ path, views }) => {
        const roots = views.map((source) => {
          const file = source.startsWith('@/') ? resolve(srcDir, source.slice(2)) : resolve(routerFile, '..', source);
          const chunk = byModule.get(file);
          if (!chunk) throw new Error(`route-preloads: no chunk for ${source} (${path})`);
          return chunk.fileName;
        });
        const scripts = [...closure(roots)].filter((f) => !onPage.has(f));
        const styles = [...new Set(scripts.flatMap((f) => [...(byFile.get(f)?.viteMetadata?.importedCss ?? [])]))];
        return { path, scripts, styles };
      });
      this.emitFile({ type: 'asset', fileName: ROUTE_PRELOADS_FILE, source: `${JSON.stringify(pages, null, 1)}\n` });
    },
  };
}
