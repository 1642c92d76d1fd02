import Handlebars from 'handlebars';

/**
 * Rule messages and remediation are Handlebars templates rendered to plain text (no
 * HTML escaping here: the report renderers escape every string they output). A private
 * instance keeps the helpers away from the report templates.
 */
const hb = Handlebars.create();

hb.registerHelper('join', (list: unknown, sep: unknown) =>
  Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : ', ') : '',
);
hb.registerHelper('unique', (list: unknown, field: unknown) =>
  Array.isArray(list)
    ? [
        ...new Set(
          list.map((i) => (typeof field === 'string' ? (i as Record<string, unknown>)[field] : i)),
        ),
      ]
    : [],
);

export const templateHelpers = ['join', 'unique'];
/** Names every rule template can use besides its own `as` bindings. */
export const templateGlobals = ['namespace', 'collectedAt', 'bundle'];

export type Template = (context: Record<string, unknown>) => string;

export function compileTemplate(source: string): Template {
  const t = hb.compile(source, { noEscape: true });
  return (context) => t(context).trim();
}

type AstNode = { type: string; [key: string]: unknown };

/**
 * The names a template reads at the top level (inside #each the context changes, so
 * only the block's own parameters are checked). Throws Handlebars' parse error.
 */
export function templateNames(source: string): string[] {
  const names: string[] = [];
  const visitExpr = (e: AstNode | undefined): void => {
    if (!e) return;
    if (e.type === 'PathExpression') {
      const parts = e.parts as string[];
      if (!e.data && parts[0] !== undefined && !templateHelpers.includes(parts[0]))
        names.push(parts[0]);
    } else if (e.type === 'SubExpression') {
      for (const p of (e.params as AstNode[]) ?? []) visitExpr(p);
    }
  };
  const visit = (program: { body: AstNode[] } | undefined): void => {
    for (const s of program?.body ?? []) {
      if (s.type !== 'MustacheStatement' && s.type !== 'BlockStatement') continue;
      visitExpr(s.path as AstNode);
      for (const p of (s.params as AstNode[]) ?? []) visitExpr(p);
      const helper = ((s.path as AstNode).parts as string[])[0];
      // #if / #unless keep the context; #each and #with change it.
      if (s.type === 'BlockStatement' && (helper === 'if' || helper === 'unless')) {
        visit(s.program as { body: AstNode[] });
        visit(s.inverse as { body: AstNode[] } | undefined);
      }
    }
  };
  visit(hb.parse(source) as unknown as { body: AstNode[] });
  return names.filter((n) => !['if', 'unless', 'each', 'with', 'this'].includes(n));
}
