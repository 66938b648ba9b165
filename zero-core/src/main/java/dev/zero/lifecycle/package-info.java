/**
 * The background threads' lifecycle: start once, pause without polling, stop on request.
 */
@NullMarked
package dev.zero.lifecycle;

import org.jspecify.annotations.NullMarked;
