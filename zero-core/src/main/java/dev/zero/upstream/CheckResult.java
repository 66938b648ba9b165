package dev.zero.upstream;

/**
 * What one check found and, unless it passed, the exact action that fixes it.
 *
 * @param id the check's id, for example {@code wal-level}
 * @param status ok, warn or fail
 * @param found what the check found, in words a DBA recognizes
 * @param action what to do; empty when the check passed
 */
public record CheckResult(String id, CheckStatus status, String found, String action) {

	public CheckResult {
		action = (status == CheckStatus.OK || action == null) ? "" : action;
	}

	public static CheckResult ok(String id, String found) {
		return new CheckResult(id, CheckStatus.OK, found, "");
	}

	public static CheckResult warn(String id, String found, String action) {
		return new CheckResult(id, CheckStatus.WARN, found, action);
	}

	public static CheckResult fail(String id, String found, String action) {
		return new CheckResult(id, CheckStatus.FAIL, found, action);
	}

	public boolean failed() {
		return this.status == CheckStatus.FAIL;
	}

	public boolean warned() {
		return this.status == CheckStatus.WARN;
	}

}
