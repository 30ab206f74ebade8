import type { BatchUpdateNode } from './batch-update-node.js';
import type { DeleteNode } from './delete-node.js';
import type { Expression } from './expression.js';
import type { IdentifierNode } from './identifier-node.js';
import type { InsertNode } from './insert-node.js';
import type { RawNode } from './raw-node.js';
import type { SelectNode } from './select-node.js';
import type { TableNode } from './table-node.js';
import type { UpdateNode } from './update-node.js';

/** The statements a compiler turns into SQL text and parameters. */
export type StatementNode = SelectNode | InsertNode | UpdateNode | BatchUpdateNode | DeleteNode;

/** What `Dialect.compile` accepts: a statement or a raw `sql` fragment. */
export type SqlNode = StatementNode | RawNode;

/** Every node kind, statements and expressions alike. */
export type AnyNode = SqlNode | Expression | IdentifierNode | TableNode;

export type NodeKind = AnyNode['kind'];

/** The node of a given kind. */
export type NodeOfKind<K extends NodeKind> = Extract<AnyNode, { readonly kind: K }>;
