package dev.zero.row;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * The settings of a session that shape the text PostgreSQL prints for some types, as far as
 * reading their binary form to the same values and text depends on them.
 *
 * @param timeZone the session's {@code TimeZone}, which {@code timestamptz} is printed in
 * @param byteaOutput the session's {@code bytea_output}: {@code hex} or {@code escape}
 */
public record OutputSettings(String timeZone, String byteaOutput) {

	/**
	 * Whether the session prints every {@code timestamptz} with the offset {@code +00}: its
	 * time zone is UTC under one of its names. Other zones are left to the server's own rules,
	 * which the JVM's time-zone data may not match for every instant.
	 */
	boolean printsUtc() {
		try {
			ZoneRules rules = ZoneId.of(this.timeZone).getRules();
			return rules.isFixedOffset() && rules.getOffset(Instant.EPOCH).getTotalSeconds() == 0;
		}
		catch (DateTimeException ex) {
			return false;
		}
	}

	boolean printsHexBytea() {
		return "hex".equals(this.byteaOutput);
	}

}
