/** The class of an entity or embeddable: any constructor, abstract or not, whatever its parameters. */
export type EntityClass<T extends object = object> = abstract new (...args: never[]) => T;

/**
 * The names of `T`'s data properties: every public key whose type is not a function. Methods are
 * not mapped; getters look like data to TypeScript and must be marked `p.transient()`.
 */
export type DataKeys<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? never : K;
}[keyof T] &
  string;
