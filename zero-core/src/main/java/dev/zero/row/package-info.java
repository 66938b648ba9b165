/**
 * The rows listeners receive, built from what PostgreSQL sent: a table's layout worked out
 * once and values decoded from PostgreSQL's text output on demand. Applications never see
 * more of it than {@link dev.zero.change.Row}.
 */
@NullMarked
package dev.zero.row;

import org.jspecify.annotations.NullMarked;
