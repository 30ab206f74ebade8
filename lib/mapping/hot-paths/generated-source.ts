/**
 * A tiny builder for generated functions: named constants bound from outside, lines of body,
 * and the two ways to use the result — print it, or compile it with `new Function`.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `obj.name` when `name` is an identifier, else `obj["name"]`. */
export function member(object: string, name: string): string {
  return IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;
}

/** A string literal for generated code. */
export function literal(value: string): string {
  return JSON.stringify(value);
}

export class GeneratedSource {
  private readonly names: string[] = [];
  private readonly values: unknown[] = [];
  private readonly notes: string[] = [];
  private readonly lines: string[] = [];
  private base = 0;

  /**
   * Binds `value` under `name`; `note` says what it is in the printed header. Binding a name again
   * with the same value is a no-op; with another value it is a generator bug, refused here rather
   * than letting the generated code read the first value.
   */
  constant(name: string, value: unknown, note: string): string {
    const at = this.names.indexOf(name);
    if (at < 0) {
      this.names.push(name);
      this.values.push(value);
      this.notes.push(`//   ${name}: ${note}`);
    } else if (this.values[at] !== value) {
      throw new Error(`Generated source: the constant ${name} is already bound to another value.`);
    }
    return name;
  }

  line(text: string, depth = 1): void {
    this.lines.push(`${'  '.repeat(this.base + depth)}${text}`);
  }

  /** Lines written inside `body` are nested `depth` levels deeper (a loop body around generated statements). */
  nested(depth: number, body: () => void): void {
    this.base += depth;
    try {
      body();
    } finally {
      this.base -= depth;
    }
  }

  /** The printable source: a header naming the bound constants, then the function. */
  print(title: string, signature: string): string {
    const header = [`// ${title}`, ...(this.notes.length > 0 ? ['// bound constants:', ...this.notes] : [])];
    return [...header, `function ${signature} {`, ...this.lines, '}', ''].join('\n');
  }

  /** Compiles the printed source into a function with the constants in scope. */
  compile<F>(title: string, signature: string): F {
    const source = this.print(title, signature);
    // The body is built only from metadata (names are JSON-quoted); no user data reaches it.
    const factory = new Function(...this.names, `return (${source.slice(source.indexOf('function '))});`);
    return factory(...this.values) as F;
  }
}
