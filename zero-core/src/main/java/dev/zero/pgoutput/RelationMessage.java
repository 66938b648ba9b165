package dev.zero.pgoutput;

import java.util.List;

/**
 * Relation ({@code 'R'}): the description of a published table, sent before its first change
 * in a session and again whenever its definition changed. Data messages refer to it by
 * {@code relationId}.
 *
 * @param relationId the table's OID, an unsigned 32-bit number
 * @param namespace the schema's name; PostgreSQL sends an empty string for
 * {@code pg_catalog}
 * @param name the table's name
 * @param replicaIdentity {@code 'd'} default (primary key), {@code 'n'} nothing, {@code 'f'}
 * full, {@code 'i'} index
 * @param columns the published columns in table order
 */
public record RelationMessage(int relationId, String namespace, String name, char replicaIdentity,
		List<RelationColumn> columns) implements PgOutputMessage {

	public RelationMessage {
		columns = List.copyOf(columns);
	}

	/** Whether old tuples carry every column ({@code REPLICA IDENTITY FULL}). */
	public boolean isReplicaIdentityFull() {
		return this.replicaIdentity == 'f';
	}

}
