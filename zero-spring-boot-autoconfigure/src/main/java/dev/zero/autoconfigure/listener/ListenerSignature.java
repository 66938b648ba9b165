package dev.zero.autoconfigure.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.Change.Op;
import dev.zero.change.Commit;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Row;
import dev.zero.change.TableName;
import dev.zero.change.Truncate;
import dev.zero.change.Update;
import dev.zero.change.ZeroListener;

/**
 * What the parameters of a {@link ZeroListener @ZeroListener} method receive, worked out once
 * from its signature: where each argument comes from, and the kinds of change the method
 * receives. A signature that cannot be served is refused with a message that names the method
 * and the parameter; nothing is guessed.
 *
 * @param arguments where each argument comes from, in parameter order
 * @param ops the kinds of change the method receives
 * @param oldRows the parameters bound from old rows (an {@code @ZeroListener.Old} one, and the
 * row of a delete), which carry only the key columns unless the table has
 * {@code REPLICA IDENTITY FULL}
 */
record ListenerSignature(Argument[] arguments, Set<Op> ops, List<OldRowParameter> oldRows) {

	private static final Set<Op> ROW_OPS = EnumSet.of(Op.INSERT, Op.UPDATE, Op.DELETE);

	private static final Map<Class<?>, Op> CHANGE_TYPES = Map.of(Insert.class, Op.INSERT, Update.class, Op.UPDATE,
			Delete.class, Op.DELETE, Truncate.class, Op.TRUNCATE);

	private static final String SUPPORTED = "a parameter is the change (Change, Insert, Update, Delete or "
			+ "Truncate), its row (Row, or a record or JavaBean to bind it to), its old row (the same, annotated "
			+ "@ZeroListener.Old) or its transaction (Begin)";

	/** Where one argument comes from. */
	@FunctionalInterface
	interface Argument {

		@Nullable Object resolve(Change change, @Nullable Begin begin);

	}

	/**
	 * A parameter bound from old rows.
	 * @param parameter the parameter, as messages name it
	 * @param binder its type's binder
	 */
	record OldRowParameter(String parameter, RowBinder binder) {

	}

	/** What a parameter stands for; a method has at most one parameter of each. */
	private enum Role {

		CHANGE("change"), ROW("row"), OLD("old row"), BEGIN("transaction");

		private final String description;

		Role(String description) {
			this.description = description;
		}

	}

	/**
	 * Works out a method's signature.
	 * @param method the method
	 * @param annotation its annotation
	 * @param description the method and its bean, for messages
	 * @param binders the binder of a type of the application
	 * @return the signature
	 * @throws IllegalStateException if the method's parameters cannot be served
	 */
	static ListenerSignature of(Method method, ZeroListener annotation, String description,
			Function<Class<?>, RowBinder> binders) {
		Set<Op> declared = (annotation.ops().length > 0) ? EnumSet.copyOf(Arrays.asList(annotation.ops()))
				: EnumSet.allOf(Op.class);
		Set<Op> ops = EnumSet.copyOf(declared);
		Map<Role, String> taken = new EnumMap<>(Role.class);
		Parameter[] parameters = method.getParameters();
		Argument[] arguments = new Argument[parameters.length];
		OldRowParameter oldParameter = null;
		OldRowParameter rowParameter = null;
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			Class<?> type = parameter.getType();
			String named = "parameter " + (i + 1) + " (" + type.getSimpleName()
					+ (parameter.isNamePresent() ? " " + parameter.getName() : "") + ")";
			Role role;
			Set<Op> receives = ROW_OPS;
			if (parameter.isAnnotationPresent(ZeroListener.Old.class)) {
				role = Role.OLD;
				if (type == Row.class) {
					arguments[i] = (change, begin) -> old(change);
				}
				else {
					RowBinder binder = binder(type, binders, description, named
							+ " is annotated @ZeroListener.Old, which needs a Row or a record or JavaBean to bind the "
							+ "old row to, but ");
					arguments[i] = (change, begin) -> bind(binder, change, old(change), true);
					oldParameter = new OldRowParameter(named, binder);
				}
			}
			else if (type == Change.class) {
				role = Role.CHANGE;
				receives = EnumSet.allOf(Op.class);
				arguments[i] = (change, begin) -> change;
			}
			else if (CHANGE_TYPES.containsKey(type)) {
				role = Role.CHANGE;
				receives = EnumSet.of(CHANGE_TYPES.get(type));
				arguments[i] = (change, begin) -> change;
			}
			else if (type == Row.class) {
				role = Role.ROW;
				arguments[i] = (change, begin) -> row(change);
			}
			else if (type == Begin.class) {
				role = Role.BEGIN;
				receives = EnumSet.allOf(Op.class);
				arguments[i] = (change, begin) -> begin;
			}
			else if (type == Commit.class) {
				throw refused(description, named + ": a Commit is known only once the transaction's last change has "
						+ "been delivered, and changes are delivered as they come, never held back; take a Begin "
						+ "(its commitLsn and commitTime are the commit's), or implement ChangeListener.onCommit");
			}
			else if (type.getPackageName().equals(Change.class.getPackageName())) {
				throw refused(description, named + ": a " + type.getSimpleName() + " is not delivered to "
						+ "@ZeroListener methods (implement ChangeListener for it); " + SUPPORTED);
			}
			else {
				role = Role.ROW;
				RowBinder binder = binder(type, binders, description, named + ": ");
				arguments[i] = (change, begin) -> bind(binder, change, row(change), change instanceof Delete);
				rowParameter = new OldRowParameter(named, binder);
			}
			String previous = taken.putIfAbsent(role, named);
			if (previous != null) {
				throw refused(description, named + " is a second parameter for the " + role.description + ", after "
						+ previous + ((role == Role.ROW) ? "; annotate the one for the old row @ZeroListener.Old" : ""));
			}
			if (!receives.containsAll(declared) && annotation.ops().length > 0) {
				Set<Op> missing = EnumSet.copyOf(declared);
				missing.removeAll(receives);
				throw refused(description, "ops names " + missing + ", which " + named + " never receives"
						+ (missing.contains(Op.TRUNCATE) && receives.equals(ROW_OPS) ? " (a truncate has no row)" : "")
						+ "; it receives " + receives);
			}
			ops.retainAll(receives);
		}
		if (!taken.containsKey(Role.CHANGE) && !taken.containsKey(Role.ROW) && !taken.containsKey(Role.OLD)) {
			throw refused(description, "it has no parameter for the change or its row; " + SUPPORTED);
		}
		if (ops.isEmpty()) {
			throw refused(description, "its parameters " + taken.values() + " never receive the same kind of "
					+ "change (a truncate has no row)");
		}
		if (taken.containsKey(Role.OLD) && !ops.contains(Op.UPDATE) && !ops.contains(Op.DELETE)) {
			throw refused(description, taken.get(Role.OLD) + " would always be null: only updates and deletes have "
					+ "an old row, and the method receives only " + ops);
		}
		List<OldRowParameter> oldRows = new ArrayList<>(2);
		if (oldParameter != null) {
			oldRows.add(oldParameter);
		}
		if (rowParameter != null && ops.contains(Op.DELETE)) {
			// a delete's row is its old row
			oldRows.add(rowParameter);
		}
		return new ListenerSignature(arguments, ops, List.copyOf(oldRows));
	}

	private static RowBinder binder(Class<?> type, Function<Class<?>, RowBinder> binders, String description,
			String problem) {
		String why = (type == Row.class || type.getPackageName().equals(Change.class.getPackageName()))
				? type.getSimpleName() + " is not a type to bind a row to" : RowBinder.whyNotBindable(type);
		if (why != null) {
			throw refused(description, problem + why + "; " + SUPPORTED);
		}
		return binders.apply(type);
	}

	private static IllegalStateException refused(String description, String problem) {
		return new IllegalStateException("@ZeroListener method " + description + " cannot be served: " + problem);
	}

	/** The row a change is about: an insert's, an update's new row, a delete's deleted row. */
	private static @Nullable Row row(Change change) {
		if (change instanceof Insert insert) {
			return insert.row();
		}
		if (change instanceof Update update) {
			return update.row();
		}
		return (change instanceof Delete delete) ? delete.old() : null;
	}

	/** An update's old row (when it has one) and a delete's deleted row. */
	private static @Nullable Row old(Change change) {
		if (change instanceof Update update) {
			return update.old();
		}
		return (change instanceof Delete delete) ? delete.old() : null;
	}

	private static @Nullable Object bind(RowBinder binder, Change change, @Nullable Row row, boolean old) {
		return (row != null) ? binder.bind(table(change), row, old) : null;
	}

	private static TableName table(Change change) {
		if (change instanceof Insert insert) {
			return insert.table();
		}
		if (change instanceof Update update) {
			return update.table();
		}
		return ((Delete) change).table();
	}

}
