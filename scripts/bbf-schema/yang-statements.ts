/**
 * A parser of YANG statements (RFC 7950 §6.1, §6.3): keyword, optional argument, then `;` or a block
 * of sub-statements. It reads what libyang's `yanglint -f info` prints — the *compiled* schema, in
 * YANG syntax — and the import/prefix statements of the source modules. Strings follow §6.1.3:
 * double-quoted with the escapes \n \t \" \\, line-break indentation stripped up to the column of the
 * opening quote, trailing whitespace before a line break removed, `+` concatenation.
 */
export interface Stmt {
  kw: string;
  arg?: string;
  sub: Stmt[];
  line: number;
}

export class YangSyntaxError extends Error {}

/**
 * libyang 2.1.30's info printer drops the closing quote of a `unique` argument
 * (`unique "vlan-sub-interface;` in bbf-mgmd); put it back before tokenising.
 */
export function repairInfoOutput(text: string): string {
  return text.replace(/^(\s*unique "[^"\n]*);$/gm, '$1";');
}

export function parseStatements(text: string): Stmt[] {
  let i = 0;
  let line = 1;
  const n = text.length;

  const skipSpace = (): void => {
    while (i < n) {
      const c = text[i];
      if (c === '\n') {
        line++;
        i++;
      } else if (c === ' ' || c === '\t' || c === '\r') i++;
      else if (text.startsWith('//', i)) {
        while (i < n && text[i] !== '\n') i++;
      } else if (text.startsWith('/*', i)) {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) throw new YangSyntaxError(`unterminated comment at line ${line}`);
        for (let k = i; k < end; k++) if (text[k] === '\n') line++;
        i = end + 2;
      } else break;
    }
  };

  const column = (pos: number): number => pos - (text.lastIndexOf('\n', pos - 1) + 1);

  const doubleQuoted = (): string => {
    const quoteCol = column(i);
    i++; // opening quote
    let out = '';
    while (i < n && text[i] !== '"') {
      const c = text[i];
      if (c === '\\') {
        const e = text[i + 1];
        out += e === 'n' ? '\n' : e === 't' ? '\t' : e === '"' ? '"' : e === '\\' ? '\\' : '\\' + e;
        i += 2;
        continue;
      }
      if (c === '\n') {
        line++;
        out = out.replace(/[ \t]+$/, '') + '\n';
        i++;
        // strip the layout indentation, up to and including the opening quote's column
        let col = 0;
        while (i < n && (text[i] === ' ' || text[i] === '\t') && col <= quoteCol) {
          col += text[i] === '\t' ? 8 : 1;
          i++;
        }
        continue;
      }
      out += c;
      i++;
    }
    if (i >= n) throw new YangSyntaxError(`unterminated string at line ${line}`);
    i++; // closing quote
    return out;
  };

  const singleQuoted = (): string => {
    const end = text.indexOf("'", i + 1);
    if (end < 0) throw new YangSyntaxError(`unterminated string at line ${line}`);
    const s = text.slice(i + 1, end);
    for (const ch of s) if (ch === '\n') line++;
    i = end + 1;
    return s;
  };

  const argument = (): string | undefined => {
    skipSpace();
    const c = text[i];
    if (c === ';' || c === '{') return undefined;
    if (c === '"' || c === "'") {
      let s = '';
      for (;;) {
        s += text[i] === '"' ? doubleQuoted() : singleQuoted();
        skipSpace();
        if (text[i] !== '+') break;
        i++;
        skipSpace();
      }
      return s;
    }
    const start = i;
    while (i < n && !/[\s;{}]/.test(text[i])) i++;
    return text.slice(start, i);
  };

  const statements = (closing: boolean): Stmt[] => {
    const out: Stmt[] = [];
    for (;;) {
      skipSpace();
      if (i >= n) {
        if (closing) throw new YangSyntaxError('unexpected end of input, missing }');
        return out;
      }
      if (text[i] === '}') {
        if (!closing) throw new YangSyntaxError(`unexpected } at line ${line}`);
        i++;
        return out;
      }
      const start = i;
      const at = line;
      while (i < n && !/[\s;{}"']/.test(text[i])) i++;
      const kw = text.slice(start, i);
      if (!kw) throw new YangSyntaxError(`expected a keyword at line ${line}`);
      const arg = argument();
      skipSpace();
      const stmt: Stmt = { kw, arg, sub: [], line: at };
      if (text[i] === ';') i++;
      else if (text[i] === '{') {
        i++;
        stmt.sub = statements(true);
      } else throw new YangSyntaxError(`expected ; or { after ${kw} at line ${line}`);
      out.push(stmt);
    }
  };

  return statements(false);
}

/** The first sub-statement `kw`, its argument. */
export const subArg = (s: Stmt, kw: string): string | undefined => s.sub.find((x) => x.kw === kw)?.arg;
export const subAll = (s: Stmt, kw: string): Stmt[] => s.sub.filter((x) => x.kw === kw);
