/**
 * The application's database as an exactly-once target: the transactional listeners run in
 * a transaction of the application's transaction manager that also records the source
 * position they reach, in a replication origin or in the shard's state.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.target;

import org.jspecify.annotations.NullMarked;
