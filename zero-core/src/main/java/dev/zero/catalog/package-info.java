/**
 * What the catalog says about a table, read in one place: its columns, primary key and replica
 * identity, and the answers derived from them (whether UPDATE and DELETE work once it is
 * published, whether it can be read in chunks by key). Publications, replication and the
 * Kafka encoder ask it; none of them queries the catalog for these facts on its own.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.catalog;

import org.jspecify.annotations.NullMarked;
