/**
 * Reads libyang's tree output (`yanglint -f tree`, the RFC 8340 tree diagram of the compiled
 * schema) for one thing the info output lacks: which module each data node belongs to. The info
 * printer shows augmented nodes without their prefix; the tree shows `prefix:name` whenever a node's
 * module differs from the printed one. Both walk the same compiled nodes in the same order, so the
 * generator pairs them child by child (and checks the names agree).
 */
export interface TreeName {
  /** The node's own-module prefix as printed, or undefined (= the printed module). */
  prefix?: string;
  name: string;
  /** RFC 8340 §2 flags: rw, ro, -w, -x (rpc/action), -n (notification), -- (inside those), mp. */
  flags: string;
  children: TreeName[];
}

const LINE = /^([ |]*)([+xo])--(\S*)(?:\s+(.*))?$/;

/** The data-node forest of `module:` section of one module's tree (rpcs/notifications skipped). */
export function parseTree(text: string): { module: string; roots: TreeName[] } {
  const lines = text.split('\n');
  const head = /^module: (\S+)/.exec(lines[0] ?? '');
  if (!head) throw new Error(`tree output does not start with "module:": ${lines[0]}`);
  const roots: TreeName[] = [];
  const stack: { col: number; node: TreeName }[] = [];
  for (const line of lines.slice(1)) {
    // "rpcs:", "notifications:" and the "augment …:" blocks (of parsed, not compiled, augments) end it
    if (/^\s*(?:rpcs:|notifications:|augment |grouping |structure )/.test(line) || /^\S/.test(line)) break;
    const m = LINE.exec(line);
    if (!m) continue; // a wrapped continuation line (long types, if-features)
    const col = m[1].length;
    let flags = m[3];
    let rest = m[4] ?? '';
    if (flags.startsWith(':')) {
      // `+--:(case)`: the case marker sits where the flags would be
      rest = flags.slice(1) + (rest ? ' ' + rest : '');
      flags = 'case';
    }
    const nm = /^\(?([\w.-]+:)?([\w.-]+)/.exec(rest);
    if (!nm) throw new Error(`cannot read a node name in tree line: ${line}`);
    const node: TreeName = {
      prefix: nm[1]?.slice(0, -1),
      name: nm[2],
      flags: rest.startsWith('(') && flags !== 'case' ? 'choice' : flags,
      children: [],
    };
    while (stack.length && stack[stack.length - 1].col >= col) stack.pop();
    if (stack.length) stack[stack.length - 1].node.children.push(node);
    else roots.push(node);
    stack.push({ col, node });
  }
  return { module: head[1], roots };
}

/** Actions and notifications (and what is below them) are not data nodes of a datastore. */
export const isOperation = (t: TreeName): boolean => t.flags === '-x' || t.flags === '-n';
