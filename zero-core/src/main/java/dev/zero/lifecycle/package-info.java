/**
 * The background threads: where they come from ({@link dev.zero.lifecycle.ZeroThreads}) and their
 * lifecycle: start once, pause without polling, stop on request.
 *
 * <p>Internal: not part of the starter's API (that is {@code dev.zero.change}); its classes may
 * change in any release.
 */
@NullMarked
package dev.zero.lifecycle;

import org.jspecify.annotations.NullMarked;
