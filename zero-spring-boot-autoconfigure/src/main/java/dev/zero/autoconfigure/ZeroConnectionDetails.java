package dev.zero.autoconfigure;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the replication upstream is and how to log in to it: every connection the starter
 * opens (checks, provisioning, the replication stream, initial-sync copies) is made from
 * these details. The auto-configuration provides them from {@code zero.upstream.*}, falling
 * back to the {@link ZeroDataSource @ZeroDataSource} DataSource or the application's own; a
 * bean of this type replaces them, {@code zero.upstream.url}, {@code username} and
 * {@code password} included.
 */
public interface ZeroConnectionDetails extends ConnectionDetails {

	/**
	 * The JDBC URL of the upstream, {@code jdbc:postgresql://host:port/database?...}: a direct
	 * connection, since replication cannot go through a pooler.
	 * @return the JDBC URL
	 */
	String getJdbcUrl();

	/**
	 * The role to log in as.
	 * @return the user name, or {@code null} to take it from the URL
	 */
	String getUsername();

	/**
	 * The password of that role.
	 * @return the password, or {@code null} when none is needed or the URL carries it
	 */
	String getPassword();

}
