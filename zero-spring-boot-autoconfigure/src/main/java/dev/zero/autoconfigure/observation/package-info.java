/**
 * Micrometer Observations of what the starter delivers: {@code zero.listener} around each
 * change a listener receives, {@code zero.target} around each transaction of a transactional
 * target. Boot's observation handlers turn them into timers and, with Micrometer Tracing,
 * spans. Applications replace the key values with a {@link
 * dev.zero.autoconfigure.observation.ZeroListenerObservationConvention} or {@link
 * dev.zero.autoconfigure.observation.ZeroTargetObservationConvention} bean.
 */
@NullMarked
package dev.zero.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
