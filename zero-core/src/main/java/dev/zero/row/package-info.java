/**
 * The rows listeners receive, built from what PostgreSQL sent: a table's layout worked out
 * once and values decoded from PostgreSQL's text output on demand. Applications never see
 * more of it than {@link dev.zero.change.Row}.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.row;

import org.jspecify.annotations.NullMarked;
