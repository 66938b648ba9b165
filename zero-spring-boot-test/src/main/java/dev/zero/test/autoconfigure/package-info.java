/**
 * Integration tests of an application's listeners:
 * {@link dev.zero.test.autoconfigure.AutoConfigureZeroTest @AutoConfigureZeroTest} adds a
 * {@link dev.zero.test.autoconfigure.ChangeRecorder} that waits for the stream before a test
 * writes and records what arrives.
 */
@NullMarked
package dev.zero.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
