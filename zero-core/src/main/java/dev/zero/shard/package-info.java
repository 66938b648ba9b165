/**
 * The names derived from an app id and shard number, and the mark on what the starter
 * creates.
 */
@NullMarked
package dev.zero.shard;

import org.jspecify.annotations.NullMarked;
