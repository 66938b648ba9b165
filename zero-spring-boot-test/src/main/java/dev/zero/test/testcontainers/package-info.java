/**
 * Testcontainers support: a PostgreSQL container with {@code wal_level=logical}, and the
 * {@code @ServiceConnection} that points the starter at it.
 */
@NullMarked
package dev.zero.test.testcontainers;

import org.jspecify.annotations.NullMarked;
