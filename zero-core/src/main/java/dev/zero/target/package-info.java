/**
 * The application's database as an exactly-once target: the transactional listeners run in
 * a transaction of the application's transaction manager that also records the source
 * position they reach, in a replication origin or in the shard's state.
 */
@NullMarked
package dev.zero.target;

import org.jspecify.annotations.NullMarked;
