package dev.zero.pgoutput;

/**
 * One message of PostgreSQL's logical replication protocol as sent by the {@code pgoutput}
 * plugin with {@code proto_version '1'}. Instances are immutable values produced by
 * {@link PgOutputDecoder}; they never hold a connection or any other resource.
 *
 * @see <a href=
 * "https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html">Logical
 * Replication Message Formats</a>
 */
public sealed interface PgOutputMessage permits BeginMessage, CommitMessage, OriginMessage, RelationMessage,
		TypeMessage, InsertMessage, UpdateMessage, DeleteMessage, TruncateMessage, LogicalDecodingMessage {

}
