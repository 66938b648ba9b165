/**
 * Publications created, adopted and reconciled, replica identities checked, and the DDL
 * event triggers.
 */
@NullMarked
package dev.zero.publication;

import org.jspecify.annotations.NullMarked;
