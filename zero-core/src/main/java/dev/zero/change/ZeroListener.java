package dev.zero.change;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a bean as a listener to changes, the way {@code @EventListener} marks one
 * for application events: the bean implements nothing, and each such method receives the
 * changes of the tables and operations it names, with its parameters bound from the change.
 * On a {@link ChangeListener} bean class it only marks that listener as
 * {@link #transactional()}.
 * <p>
 * Parameters, in any order, each at most once:
 * <ul>
 * <li>the change: {@link Change}, or {@link Insert}, {@link Update}, {@link Delete} or
 * {@link Truncate}, which receives only changes of that kind (the method's {@link #ops()}
 * narrowed to it);</li>
 * <li>the row, as {@link Row} or bound to a type of the application (a record, or a class with
 * a no-argument constructor and setters): an insert's row, an update's new row, a delete's
 * deleted row ({@link Delete#old()}: only the key columns unless the table has
 * {@code REPLICA IDENTITY FULL});</li>
 * <li>the old row, as {@link Row} or a type of the application, with {@link Old @Old}: an
 * update's old row and a delete's deleted row, {@code null} for an insert and for an update
 * without one ({@link Update#old()});</li>
 * <li>{@link Begin}: the transaction the change belongs to (its id, commit LSN and commit
 * time), {@code null} for the rows of an initial sync, which belong to no transaction. A
 * {@link Commit} is known only once the transaction's last change has been delivered, so it
 * cannot be a parameter: implement {@link ChangeListener#onCommit} for it.</li>
 * </ul>
 * A truncate has no row: a method with a row parameter does not receive truncates. A method
 * whose {@link #ops()} name an operation that one of its parameters cannot receive, or whose
 * parameters cannot be served at all, fails application startup with a message that names the
 * method and the parameter.
 * <p>
 * A row binds to a type of the application by name: a record component or a property
 * {@code createdAt} reads the column {@code createdAt}, else {@code created_at}, else the
 * column whose name equals it ignoring case. Values are read with the {@link Row} getter of
 * the property's type ({@code long} or {@code Long} with {@link Row#getLong}, {@code Instant}
 * with {@link Row#getInstant}, {@code List<String>} with {@link Row#getList(String, Class)},
 * ...), anything else from {@link Row#getObject} through the application's conversion service
 * (an enum from its text, {@code String[]} from an array). A column without a property is
 * ignored. A property without a column is {@code null} (a JavaBean's is left as constructed),
 * except a record's primitive component, for which the missing column is an error; so is SQL
 * {@code NULL} for any primitive. An unchanged TOAST value, which PostgreSQL does not send,
 * leaves the property {@code null} (a primitive record component its default). A row that
 * cannot be bound makes the method throw: the transaction is delivered again, like any
 * listener failure.
 *
 * @see ChangeListener
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ZeroListener {

	/**
	 * The tables whose changes the method receives, as {@link TableFilter#of(String...)} takes
	 * them ({@code schema.table}, or {@code table} in {@code public}); every table when empty.
	 * Only on methods.
	 * @return the tables
	 */
	String[] tables() default {};

	/**
	 * The kinds of change the method receives; every kind its parameters can receive when
	 * empty. Only on methods.
	 * @return the kinds of change
	 */
	Change.Op[] ops() default {};

	/**
	 * Whether the listener runs inside a transaction of the application's transaction manager
	 * that the starter opens around one or more source transactions, and in which it records
	 * the source position they reach: the listener's writes through that transaction manager
	 * happen exactly once per source change, through crashes and restarts, and are not
	 * delivered back to the application's listeners. A listener that throws rolls the whole
	 * transaction back. See the README's "Exactly-once listeners".
	 * @return whether the listener is transactional
	 */
	boolean transactional() default false;

	/**
	 * Marks the parameter of a {@link ZeroListener} method that receives the old row: an
	 * update's old row (only with {@code REPLICA IDENTITY FULL}, or the old key when the
	 * update changed it) and a delete's deleted row, else {@code null}.
	 */
	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@interface Old {

	}

}
