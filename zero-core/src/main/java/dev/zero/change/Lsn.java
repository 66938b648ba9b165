package dev.zero.change;

/**
 * A position in PostgreSQL's write-ahead log (a {@code pg_lsn}), written as PostgreSQL writes
 * it: two upper-case hexadecimal halves, {@code 0/16B3748}. Ordered as the unsigned 64-bit
 * number it is.
 *
 * @param value the position as an unsigned 64-bit number
 */
public record Lsn(long value) implements Comparable<Lsn> {

	/** {@code 0/0}, which PostgreSQL uses for "no position". */
	public static final Lsn INVALID = new Lsn(0);

	public static Lsn of(long value) {
		return new Lsn(value);
	}

	/**
	 * Parses the {@code X/X} form PostgreSQL prints, in either case.
	 * @param text the LSN, for example {@code 16/B374D848}
	 * @return the LSN
	 * @throws IllegalArgumentException if {@code text} is not an LSN
	 */
	public static Lsn parse(String text) {
		int slash = text.indexOf('/');
		if (slash < 1 || slash > 8 || slash == text.length() - 1 || text.length() - slash - 1 > 8
				|| !isHex(text, 0, slash) || !isHex(text, slash + 1, text.length())) {
			throw new IllegalArgumentException("Not an LSN: '" + text + "' (expected two hexadecimal numbers of up to "
					+ "8 digits separated by a slash, like 0/16B3748)");
		}
		long high = Long.parseLong(text, 0, slash, 16);
		long low = Long.parseLong(text, slash + 1, text.length(), 16);
		return new Lsn((high << 32) | low);
	}

	private static boolean isHex(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (Character.digit(text.charAt(i), 16) < 0) {
				return false;
			}
		}
		return true;
	}

	/** Whether this is a real position rather than {@link #INVALID}. */
	public boolean isValid() {
		return this.value != 0;
	}

	@Override
	public int compareTo(Lsn other) {
		return Long.compareUnsigned(this.value, other.value);
	}

	@Override
	public String toString() {
		return Long.toHexString(this.value >>> 32).toUpperCase() + "/"
				+ Long.toHexString(this.value & 0xFFFFFFFFL).toUpperCase();
	}

}
