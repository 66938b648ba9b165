package dev.zero.push;

/**
 * Rejects a whole push request with an HTTP status, thrown by a {@link PushAuthorizer}.
 */
public class PushRejectedException extends RuntimeException {

	private final int status;

	/**
	 * @param status the HTTP status to answer with, such as 401 or 403
	 * @param message why, in the response's body (never a credential)
	 */
	public PushRejectedException(int status, String message) {
		super(message);
		if (status < 400 || status > 499) {
			throw new IllegalArgumentException("A rejected push is answered with a 4xx status, not " + status);
		}
		this.status = status;
	}

	/**
	 * The HTTP status the endpoint answers with.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

}
