package dev.zero.catalog;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zero.change.TableName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What {@link TableModel} derives from a table's key and replica identity.
 */
class TableModelTests {

	@Test
	void defaultIdentityIsUsableWithAPrimaryKeyOnly() {
		assertThat(table(ReplicaIdentity.DEFAULT, List.of("id"), List.of()).hasUsableIdentity()).isTrue();
		assertThat(table(ReplicaIdentity.DEFAULT, List.of(), List.of()).hasUsableIdentity()).isFalse();
	}

	@Test
	void fullAndIndexIdentitiesAreUsableWithoutPrimaryKey() {
		assertThat(table(ReplicaIdentity.FULL, List.of(), List.of()).hasUsableIdentity()).isTrue();
		assertThat(table(ReplicaIdentity.INDEX, List.of(), List.of("code")).hasUsableIdentity()).isTrue();
	}

	@Test
	void nothingIsNeverUsable() {
		assertThat(table(ReplicaIdentity.NOTHING, List.of("id"), List.of()).hasUsableIdentity()).isFalse();
	}

	@Test
	void chunkKeyIsTheIdentityIndexWhenThereIsOne() {
		TableModel table = table(ReplicaIdentity.INDEX, List.of("id"), List.of("tenant", "code"));
		assertThat(table.chunkKey()).containsExactly("tenant", "code");
		assertThat(table.readableInChunks()).isTrue();
	}

	@Test
	void chunkKeyIsThePrimaryKeyWhateverTheOtherIdentity() {
		assertThat(table(ReplicaIdentity.DEFAULT, List.of("b", "a"), List.of()).chunkKey()).containsExactly("b", "a");
		assertThat(table(ReplicaIdentity.FULL, List.of("id"), List.of()).chunkKey()).containsExactly("id");
		assertThat(table(ReplicaIdentity.NOTHING, List.of("id"), List.of()).chunkKey()).containsExactly("id");
	}

	@Test
	void aTableWithoutPrimaryKeyOrIdentityIndexCannotBeReadInChunks() {
		assertThat(table(ReplicaIdentity.FULL, List.of(), List.of()).readableInChunks()).isFalse();
		assertThat(table(ReplicaIdentity.DEFAULT, List.of(), List.of()).readableInChunks()).isFalse();
		assertThat(table(ReplicaIdentity.NOTHING, List.of(), List.of()).readableInChunks()).isFalse();
	}

	@Test
	void aTableWhoseIdentityIndexWasDroppedCannotBeReadInChunksEvenWithAPrimaryKey() {
		// PostgreSQL keeps relreplident 'i' and then logs old rows as with NOTHING
		TableModel table = table(ReplicaIdentity.INDEX, List.of("id"), List.of());
		assertThat(table.chunkKey()).isEmpty();
		assertThat(table.readableInChunks()).isFalse();
	}

	@Test
	void aKeyLeftOutOfThePublishedColumnsCannotBeReadInChunks() {
		TableModel table = table(ReplicaIdentity.DEFAULT, List.of("a", "b"), List.of());
		assertThat(table.readableInChunks(List.of("a", "b", "v"))).isTrue();
		assertThat(table.readableInChunks(List.of("a", "v"))).isFalse();
		assertThat(table(ReplicaIdentity.FULL, List.of(), List.of()).readableInChunks(List.of("a", "b"))).isFalse();
	}

	@Test
	void declaredModifierIsTheColumnsElseItsDomains() {
		assertThat(column(655366, -1).declaredModifier()).isEqualTo(655366);
		assertThat(column(-1, 327685).declaredModifier()).isEqualTo(327685);
		assertThat(column(-1, -1).declaredModifier()).isEqualTo(-1);
	}

	@Test
	void findsColumnsByName() {
		TableModel table = new TableModel(new TableName("public", "t"), List.of(column(-1, -1)), List.of(),
				ReplicaIdentity.FULL, List.of(), null, true);
		assertThat(table.column("n")).isNotNull();
		assertThat(table.column("m")).isNull();
	}

	@Test
	void quotesItsQualifiedName() {
		assertThat(new TableModel(new TableName("my schema", "Todo"), List.of(), List.of(), ReplicaIdentity.FULL,
				List.of(), null, true)
			.qualifiedName()).isEqualTo("\"my schema\".\"Todo\"");
	}

	@Test
	void replicaIdentitiesAreNamedByTheirCatalogCodes() {
		assertThat(ReplicaIdentity.of('d')).isEqualTo(ReplicaIdentity.DEFAULT);
		assertThat(ReplicaIdentity.of('n')).isEqualTo(ReplicaIdentity.NOTHING);
		assertThat(ReplicaIdentity.of('f')).isEqualTo(ReplicaIdentity.FULL);
		assertThat(ReplicaIdentity.of('i')).isEqualTo(ReplicaIdentity.INDEX);
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicaIdentity.of('x'));
	}

	private static TableModel table(ReplicaIdentity identity, List<String> primaryKey, List<String> identityIndex) {
		return new TableModel(new TableName("public", "t"), List.of(), primaryKey, identity, identityIndex, null, true);
	}

	private static TableColumn column(int typeModifier, int domainModifier) {
		return new TableColumn("n", 1700, "numeric", typeModifier, domainModifier, false, false, false);
	}

}
