/**
 * Identifier quoting for every statement the starter builds.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.sql;

import org.jspecify.annotations.NullMarked;
