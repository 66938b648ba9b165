package dev.zero.change;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the change the listener gave up on at ERROR, naming the change, the listener and the
 * error with its stack trace, and skips it: delivery goes on. The change is lost to that
 * listener; use it where a later change or a re-sync makes up for it.
 */
public final class LoggingRecoverer implements ListenerRecoverer {

	private static final Logger logger = LoggerFactory.getLogger(LoggingRecoverer.class);

	@Override
	public void recover(ListenerFailure failure) {
		logger.error("zero: skipping the {} after {} attempts", failure.describe(), failure.attempt(),
				failure.error());
	}

}
