/**
 * `JoinPath<T>`: the dotted relation paths a builder can join, typed from the entity class up to
 * three relations deep (`'customer'`, `'invoices.lines'`, `'lines.track.genre'`). A class cannot
 * tell an embeddable from a to-one relation, so joining an embeddable is a QueryError at run time.
 * `JoinPathCheck` turns a wrong path into the sentence `tsc` shows: which step is wrong, and why.
 */
import type { CompileError } from '../../errors/index.js';
import type { DataKeys } from '../../mapping/index.js';
import type { ScalarValue } from '../filter.js';

type Element<V> = NonNullable<V> extends readonly (infer E)[] ? E : NonNullable<V>;

type ObjectKeys<T> = {
  [K in DataKeys<T>]-?: unknown extends T[K] ? never : [NonNullable<T[K]>] extends [ScalarValue] ? never : K;
}[DataKeys<T>];

type Depth = [never, 0, 1, 2];

/** A relation path of `T`: a relation, or a relation followed by a path of its target. */
export type JoinPath<T, D extends number = 3> = [D] extends [never]
  ? never
  : { [K in ObjectKeys<T>]: K | `${K}.${JoinPath<Element<T[K]>, Depth[D]>}` }[ObjectKeys<T>];

/** The last member of a union (in the compiler's order), for listing a union in a sentence. */
type LastOf<U> = (
  (U extends unknown ? (last: () => U) => void : never) extends (last: infer I) => void
    ? I
    : never
) extends () => infer L
  ? L
  : never;

/** The members of a union of names as one string: `'customer, billing, lines'`. Only ever built for a message. */
type Listed<U, Listing extends string = ''> = [U] extends [never]
  ? Listing
  : Listed<Exclude<U, LastOf<U>>, Listing extends '' ? LastOf<U> & string : `${LastOf<U> & string}, ${Listing}`>;

/** The sentence for step `S` of a path, reached through `At` (`''` at the root, else `'invoices.lines.'`). */
type StepError<T, S extends string, At extends string> = [ObjectKeys<T>] extends [never]
  ? `${At}${S}: ${At} has no relations to follow`
  : S extends DataKeys<T>
    ? `${At}${S} is a column, not a relation: join follows relations (${Listed<ObjectKeys<T>>}); read ${S} in select or where`
    : At extends ''
      ? `${S} is not a relation of the queried class: join one of ${Listed<ObjectKeys<T>>}, or a path through them`
      : `${At}${S}: ${S} is not a relation of ${At extends `${infer Parent}.` ? Parent : At}: follow one of ${Listed<ObjectKeys<T>>}`;

/** What is wrong with path `P` of `T`, walking it one relation at a time. */
type JoinPathError<T, P extends string, At extends string = ''> = P extends `${infer Head}.${infer Rest}`
  ? Head extends ObjectKeys<T>
    ? JoinPathError<Element<T[Head]>, Rest, `${At}${Head}.`>
    : StepError<T, Head, At>
  : P extends ObjectKeys<T>
    ? `${At}${P}: joins reach three relations deep at most; join the last steps in a second query`
    : StepError<T, P, At>;

/**
 * `P` itself when it is a relation path of `T`, else `P` branded with the sentence saying which step
 * is wrong (the `P &` keeps the argument's literal in the message and the parameter a string). A
 * `string` that is not a literal is checked against the paths as before: the compiler also asks
 * for this type with `P` as `string` while inferring `P`, and must not compose a sentence for it.
 */
export type JoinPathCheck<T, P extends string> = string extends P
  ? JoinPath<T>
  : P extends JoinPath<T>
    ? P
    : P & CompileError<JoinPathError<T, P>>;
