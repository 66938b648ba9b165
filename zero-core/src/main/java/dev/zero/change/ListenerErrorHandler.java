package dev.zero.change;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Consulted each time a listener throws from {@link ChangeListener#onChange}: whether to call
 * it again on the same change after a wait, or to give up and {@link #recover} (log and skip,
 * a dead letter, ...). A listener outside any transaction is called again in place: the
 * listeners before it are not called again. A transactional listener's transaction is rolled
 * back first and delivered again; once the handler gives up, {@link #recover} runs in the
 * listener's place when the change is delivered next. Called on the thread that delivers.
 *
 * @see DefaultListenerErrorHandler
 */
public interface ListenerErrorHandler {

	/**
	 * How long to wait before calling the listener again.
	 * @param failure the failure
	 * @return the wait, or {@code null} to give up and {@link #recover}
	 */
	@Nullable Duration retryDelay(ListenerFailure failure);

	/**
	 * Called once the handler gave up on a change: when it returns, delivery goes on without
	 * the listener having handled the change.
	 * @param failure the last failure
	 * @throws Exception to stop instead: the transaction is not acknowledged and is delivered
	 * again
	 */
	void recover(ListenerFailure failure) throws Exception;

}
