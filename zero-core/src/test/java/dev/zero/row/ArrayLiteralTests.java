package dev.zero.row;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArrayLiteralTests {

	@Test
	void splitsElementsKeepingNullsApartFromQuotedNull() {
		assertThat(ArrayLiteral.parse("{a,NULL,null,\"NULL\",\\NULL}", ','))
			.isEqualTo(Arrays.asList("a", null, null, "NULL", "NULL"));
	}

	@Test
	void unescapesQuotedAndUnquotedElements() {
		assertThat(ArrayLiteral.parse("{\"a\\\\b\",\"c\\\"d\",e\\,f,\"{}\"}", ','))
			.containsExactly("a\\b", "c\"d", "e,f", "{}");
	}

	@Test
	void ignoresWhitespaceAroundUnquotedElements() {
		assertThat(ArrayLiteral.parse(" { a , b c ,\" d \"} ", ',')).containsExactly("a", "b c", " d ");
	}

	@Test
	void nestsDimensions() {
		assertThat(ArrayLiteral.parse("{{a,b},{c,d}}", ',')).isEqualTo(List.of(List.of("a", "b"), List.of("c", "d")));
		assertThat(ArrayLiteral.parse("{{}}", ',')).isEqualTo(List.of(List.of()));
	}

	@Test
	void dropsExplicitBounds() {
		assertThat(ArrayLiteral.parse("[-1:0][1:1]={{a},{b}}", ',')).isEqualTo(List.of(List.of("a"), List.of("b")));
	}

	@Test
	void usesTheTypesDelimiter() {
		assertThat(ArrayLiteral.parse("{(1,2);(3,4)}", ';')).containsExactly("(1,2)", "(3,4)");
	}

	@Test
	void rejectsMalformedLiterals() {
		for (String text : new String[] { "", "{", "{a", "{a,}", "{,a}", "{a}x", "a", "{\"a}", "[1:2]{a}" }) {
			assertThatIllegalArgumentException().as(text)
				.isThrownBy(() -> ArrayLiteral.parse(text, ','))
				.withMessageStartingWith("malformed array literal");
		}
	}

}
