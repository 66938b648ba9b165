/**
 * Publications created, adopted and reconciled, replica identities checked, and the DDL
 * event triggers.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.publication;

import org.jspecify.annotations.NullMarked;
