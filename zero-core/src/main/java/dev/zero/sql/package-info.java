/**
 * Identifier quoting for every statement the starter builds.
 */
@NullMarked
package dev.zero.sql;

import org.jspecify.annotations.NullMarked;
