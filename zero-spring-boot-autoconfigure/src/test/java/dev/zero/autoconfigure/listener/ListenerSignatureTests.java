package dev.zero.autoconfigure.listener;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.ApplicationConversionService;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Change.Op;
import dev.zero.change.Commit;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.LogicalMessage;
import dev.zero.change.Lsn;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.change.ZeroListener;
import dev.zero.row.RowLayout;
import dev.zero.row.TextValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a {@code @ZeroListener} method's parameters receive, and the signatures refused at
 * startup, without a database.
 */
class ListenerSignatureTests {

	private static final TableName TODO = new TableName("public", "todo");

	private static final RowLayout LAYOUT = RowLayout.of(TODO,
			List.of(RowLayout.column("id", 20, null, true), RowLayout.column("title", 25, null, false)));

	private static final Row ROW = LAYOUT.row(TextValues.of("1", "new"));

	private static final Row OLD = LAYOUT.row(TextValues.of("1", "old"));

	private static final Row OLD_KEY = LAYOUT.keyColumns().row(TextValues.of("1", null));

	private static final Begin BEGIN = new Begin(42, Lsn.of(100), Instant.EPOCH);

	@Test
	void aChangeOrBeginParameterReceivesEveryKindOfChange() {
		assertThat(signature("change").ops()).isEqualTo(EnumSet.allOf(Op.class));
	}

	@Test
	void aParameterOfOneKindOfChangeNarrowsTheMethodToIt() {
		assertThat(signature("insertOnly").ops()).containsExactly(Op.INSERT);
		assertThat(signature("truncateOnly").ops()).containsExactly(Op.TRUNCATE);
	}

	@Test
	void aRowParameterLeavesTruncatesOut() {
		assertThat(signature("todo").ops()).containsExactly(Op.INSERT, Op.UPDATE, Op.DELETE);
		assertThat(signature("rawRow").ops()).containsExactly(Op.INSERT, Op.UPDATE, Op.DELETE);
	}

	@Test
	void declaredOpsNarrowTheMethod() {
		assertThat(signature("updatesAndDeletes").ops()).containsExactly(Op.UPDATE, Op.DELETE);
	}

	@Test
	void theRowIsTheInsertedTheNewOrTheDeletedRow() {
		ListenerSignature signature = signature("everything");
		assertThat(arguments(signature, insert())).containsExactly(insert(), new Todo(1, "new"), null, BEGIN);
		Update update = new Update(TODO, ROW, OLD, 42, Lsn.of(1), Instant.EPOCH);
		assertThat(arguments(signature, update)).containsExactly(update, new Todo(1, "new"), new Todo(1, "old"),
				BEGIN);
		Delete delete = new Delete(TODO, OLD_KEY, 42, Lsn.of(1), Instant.EPOCH);
		assertThat(arguments(signature, delete)).containsExactly(delete, new Todo(1, null), new Todo(1, null), BEGIN);
	}

	@Test
	void anUpdateWithoutAnOldRowGivesNullForTheOldRow() {
		Update update = new Update(TODO, ROW, null, 42, Lsn.of(1), Instant.EPOCH);
		assertThat(arguments(signature("everything"), update)).containsExactly(update, new Todo(1, "new"), null, BEGIN);
	}

	@Test
	void rawRowsAreTheRowsOfTheChange() {
		Update update = new Update(TODO, ROW, OLD, 42, Lsn.of(1), Instant.EPOCH);
		assertThat(arguments(signature("rawRows"), update)).containsExactly(OLD, ROW);
	}

	@Test
	void refusesTwoRowParametersNamingTheSecond() {
		assertThatIllegalStateException().isThrownBy(() -> signature("twoRows"))
			.withMessage("@ZeroListener method Signatures.twoRows(Todo, Todo) of bean 'signatures' cannot be served: "
					+ "parameter 2 (Todo other) is a second parameter for the row, after parameter 1 (Todo todo); "
					+ "annotate the one for the old row @ZeroListener.Old");
	}

	@Test
	void refusesATypeThatIsNeitherAChangeNorARowType() {
		assertThatIllegalStateException().isThrownBy(() -> signature("unsupported"))
			.withMessageStartingWith("@ZeroListener method Signatures.unsupported(Insert, String) of bean "
					+ "'signatures' cannot be served: parameter 2 (String title): String is not a record or a class "
					+ "with a no-argument constructor and setters; a parameter is the change (Change, Insert, Update, "
					+ "Delete or Truncate), its row");
	}

	@Test
	void refusesOldOnAParameterThatIsNotARow() {
		assertThatIllegalStateException().isThrownBy(() -> signature("oldInsert"))
			.withMessageContaining("parameter 1 (Insert insert) is annotated @ZeroListener.Old, which needs a Row or "
					+ "a record or JavaBean to bind the old row to, but Insert is not a type to bind a row to");
		assertThatIllegalStateException().isThrownBy(() -> signature("oldText"))
			.withMessageContaining("parameter 2 (String title) is annotated @ZeroListener.Old");
	}

	@Test
	void refusesOpsThatAParameterNeverReceives() {
		assertThatIllegalStateException().isThrownBy(() -> signature("truncatedTodo"))
			.withMessageEndingWith("cannot be served: ops names [truncate], which parameter 1 (Todo todo) never "
					+ "receives (a truncate has no row); it receives [insert, update, delete]");
		assertThatIllegalStateException().isThrownBy(() -> signature("deletedInsert"))
			.withMessageEndingWith("ops names [delete], which parameter 1 (Insert insert) never receives; it receives "
					+ "[insert]");
	}

	@Test
	void refusesParametersThatNeverReceiveTheSameChange() {
		assertThatIllegalStateException().isThrownBy(() -> signature("truncateWithRow"))
			.withMessageEndingWith("its parameters [parameter 1 (Truncate truncate), parameter 2 (Todo todo)] never "
					+ "receive the same kind of change (a truncate has no row)");
	}

	@Test
	void refusesAnOldRowThatWouldAlwaysBeNull() {
		assertThatIllegalStateException().isThrownBy(() -> signature("oldOfInsert"))
			.withMessageEndingWith("parameter 2 (Todo old) would always be null: only updates and deletes have an old "
					+ "row, and the method receives only [insert]");
	}

	@Test
	void refusesACommitParameterAndSaysWhy() {
		assertThatIllegalStateException().isThrownBy(() -> signature("commit"))
			.withMessageContaining("parameter 2 (Commit commit): a Commit is known only once the transaction's last "
					+ "change has been delivered")
			.withMessageContaining("implement ChangeListener.onCommit");
	}

	@Test
	void refusesOtherEventsOfTheChangeApi() {
		assertThatIllegalStateException().isThrownBy(() -> signature("message"))
			.withMessageContaining("parameter 1 (LogicalMessage message): a LogicalMessage is not delivered to "
					+ "@ZeroListener methods (implement ChangeListener for it)");
	}

	@Test
	void refusesAMethodWithoutTheChangeOrItsRow() {
		assertThatIllegalStateException().isThrownBy(() -> signature("beginOnly"))
			.withMessageContaining("it has no parameter for the change or its row");
	}

	private static ListenerSignature signature(String name) {
		Method method = Arrays.stream(Signatures.class.getDeclaredMethods())
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow();
		String description = "Signatures." + name
				+ Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList().toString()
					.replace('[', '(').replace(']', ')')
				+ " of bean 'signatures'";
		return ListenerSignature.of(method, method.getAnnotation(ZeroListener.class), description,
				(type) -> RowBinder.of(type, ApplicationConversionService.getSharedInstance()));
	}

	private static List<@Nullable Object> arguments(ListenerSignature signature, Change change) {
		return Arrays.stream(signature.arguments()).map((argument) -> argument.resolve(change, BEGIN)).toList();
	}

	private static Insert insert() {
		return new Insert(TODO, ROW, false, 42, Lsn.of(1), Instant.EPOCH);
	}

	record Todo(long id, @Nullable String title) {
	}

	@SuppressWarnings("unused")
	static class Signatures {

		@ZeroListener
		void change(Change change, Begin begin) {
		}

		@ZeroListener
		void insertOnly(Insert insert) {
		}

		@ZeroListener
		void truncateOnly(Truncate truncate) {
		}

		@ZeroListener
		void todo(Todo todo) {
		}

		@ZeroListener
		void rawRow(Row row) {
		}

		@ZeroListener(ops = { Op.UPDATE, Op.DELETE })
		void updatesAndDeletes(Change change) {
		}

		@ZeroListener
		void everything(Change change, Todo todo, @ZeroListener.Old @Nullable Todo old, @Nullable Begin begin) {
		}

		@ZeroListener
		void rawRows(@ZeroListener.Old Row old, Row row) {
		}

		@ZeroListener
		void twoRows(Todo todo, Todo other) {
		}

		@ZeroListener
		void unsupported(Insert insert, String title) {
		}

		@ZeroListener
		void oldInsert(@ZeroListener.Old Insert insert) {
		}

		@ZeroListener
		void oldText(Todo todo, @ZeroListener.Old String title) {
		}

		@ZeroListener(ops = Op.TRUNCATE)
		void truncatedTodo(Todo todo) {
		}

		@ZeroListener(ops = Op.DELETE)
		void deletedInsert(Insert insert) {
		}

		@ZeroListener
		void truncateWithRow(Truncate truncate, Todo todo) {
		}

		@ZeroListener(ops = Op.INSERT)
		void oldOfInsert(Todo todo, @ZeroListener.Old Todo old) {
		}

		@ZeroListener
		void commit(Insert insert, Commit commit) {
		}

		@ZeroListener
		void message(LogicalMessage message) {
		}

		@ZeroListener
		void beginOnly(Begin begin) {
		}

	}

}
