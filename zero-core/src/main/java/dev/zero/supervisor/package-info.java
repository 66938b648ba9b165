/**
 * The shard's lifecycle: validate, provision, run the replication listener.
 */
@NullMarked
package dev.zero.supervisor;

import org.jspecify.annotations.NullMarked;
