package dev.zero.replication;

/**
 * The shard's slot is read by another session (another instance of the application, or
 * another client): stand by and try again.
 */
final class SlotHeldException extends Exception {

	private static final long serialVersionUID = 1L;

	private final int pid;

	SlotHeldException(int pid) {
		super("slot held by pid " + pid, null, false, false);
		this.pid = pid;
	}

	int pid() {
		return this.pid;
	}

}
