package dev.zero.change;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Retries with a {@link ListenerBackOff}, then hands the change to a
 * {@link ListenerRecoverer}. Without a recoverer nothing is ever skipped: the listener is
 * tried again, at the back-off's longest interval, until it succeeds.
 */
public final class DefaultListenerErrorHandler implements ListenerErrorHandler {

	private final ListenerBackOff backOff;

	private final @Nullable ListenerRecoverer recoverer;

	/**
	 * @param backOff how often and how patiently to retry
	 * @param recoverer what to do once the attempts are spent, or {@code null} to retry
	 * forever
	 */
	public DefaultListenerErrorHandler(ListenerBackOff backOff, @Nullable ListenerRecoverer recoverer) {
		this.backOff = Objects.requireNonNull(backOff, "backOff must not be null");
		this.recoverer = recoverer;
	}

	/** Retries forever with the default back-off, skipping nothing. */
	public static DefaultListenerErrorHandler retryingForever() {
		return new DefaultListenerErrorHandler(ListenerBackOff.DEFAULTS, null);
	}

	@Override
	public @Nullable Duration retryDelay(ListenerFailure failure) {
		if (this.recoverer != null && failure.attempt() >= this.backOff.maxAttempts()) {
			return null;
		}
		return this.backOff.delayAfter(failure.attempt());
	}

	@Override
	public void recover(ListenerFailure failure) throws Exception {
		if (this.recoverer == null) {
			throw failure.error();
		}
		this.recoverer.recover(failure);
	}

	/** The back-off. */
	public ListenerBackOff backOff() {
		return this.backOff;
	}

	/** The recoverer, or {@code null} when it retries forever. */
	public @Nullable ListenerRecoverer recoverer() {
		return this.recoverer;
	}

}
