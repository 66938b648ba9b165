package dev.zero.change;

/**
 * What happens to a change once a listener has failed on it as often as its
 * {@link ListenerErrorHandler} allows: log it, keep it somewhere to replay later. When it
 * returns, the listener is considered done with the change and delivery goes on; when it
 * throws, the transaction is not acknowledged and is delivered again.
 */
@FunctionalInterface
public interface ListenerRecoverer {

	/**
	 * Recovers from the failure.
	 * @param failure the change, the listener, its last error and the attempts made
	 * @throws Exception when the change cannot be recovered (it is delivered again)
	 */
	void recover(ListenerFailure failure) throws Exception;

}
