package dev.zero.change;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LsnTests {

	@Test
	void printsLikePostgres() {
		assertThat(Lsn.of(0x16B3748L)).hasToString("0/16B3748");
		assertThat(Lsn.of(0x16_B374D848L)).hasToString("16/B374D848");
		assertThat(Lsn.of(-1L)).hasToString("FFFFFFFF/FFFFFFFF");
		assertThat(Lsn.INVALID).hasToString("0/0");
	}

	@Test
	void parsesWhatPostgresPrints() {
		assertThat(Lsn.parse("0/16B3748")).isEqualTo(Lsn.of(0x16B3748L));
		assertThat(Lsn.parse("16/b374d848").value()).isEqualTo(0x16_B374D848L);
		assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF").value()).isEqualTo(-1L);
	}

	@Test
	void rejectsWhatIsNotAnLsn() {
		for (String text : new String[] { "", "0", "/1", "1/", "0/1/2", "G/1", "123456789/0", "0/-1", "0/ 1" }) {
			assertThatIllegalArgumentException().as(text)
				.isThrownBy(() -> Lsn.parse(text))
				.withMessageContaining("Not an LSN: '" + text + "'");
		}
	}

	@Test
	void ordersAsUnsignedNumbers() {
		assertThat(Lsn.parse("FFFFFFFF/0")).isGreaterThan(Lsn.parse("7FFFFFFF/FFFFFFFF"));
		assertThat(Lsn.parse("0/2")).isGreaterThan(Lsn.parse("0/1")).isLessThan(Lsn.parse("1/0"));
		assertThat(Lsn.INVALID.isValid()).isFalse();
		assertThat(Lsn.of(1).isValid()).isTrue();
	}

}
