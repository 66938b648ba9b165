package dev.zero.autoconfigure.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Reset;
import dev.zero.change.TableFilter;
import dev.zero.change.TableName;
import dev.zero.change.ZeroListener;
import dev.zero.replication.OldRowRequirements;

/**
 * One {@link ZeroListener @ZeroListener} method as a {@link ChangeListener}: it receives the
 * changes of the method's tables, passes over the kinds the method does not take, and calls
 * the method with its arguments bound from the change. It remembers the transaction in hand
 * for {@link Begin} parameters and never holds a change.
 */
final class MethodChangeListener implements ChangeListener, OldRowRequirements, Ordered {

	private final Object bean;

	private final Method method;

	private final String description;

	private final String name;

	private final TableFilter tables;

	private final Set<Change.Op> ops;

	private final ListenerSignature.Argument[] arguments;

	private final List<ListenerSignature.OldRowParameter> oldRows;

	private final boolean transactional;

	private final int order;

	/** The transaction in hand, owned by the thread that delivers. */
	private @Nullable Begin begin;

	private MethodChangeListener(Object bean, Method method, String description, String name, TableFilter tables,
			ListenerSignature signature, boolean transactional, int order) {
		this.bean = bean;
		this.method = method;
		this.description = description;
		this.name = name;
		this.tables = tables;
		this.ops = signature.ops();
		this.arguments = signature.arguments();
		this.oldRows = signature.oldRows();
		this.transactional = transactional;
		this.order = order;
	}

	/**
	 * The listener of one method.
	 * @param beanName the bean's name, for messages
	 * @param bean the bean, possibly a proxy
	 * @param targetClass the bean's own class
	 * @param method the annotated method, as the bean's own class declares it
	 * @param annotation its annotation
	 * @param order its order among the listeners
	 * @param binders the binder of a type of the application
	 * @return the listener
	 * @throws IllegalStateException if the method cannot be served
	 */
	static MethodChangeListener of(String beanName, Object bean, Class<?> targetClass, Method method,
			ZeroListener annotation, int order, Function<Class<?>, RowBinder> binders) {
		String description = ClassUtils.getShortName(targetClass) + "." + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"))
				+ " of bean '" + beanName + "'";
		TableFilter tables;
		try {
			tables = (annotation.tables().length > 0) ? TableFilter.of(annotation.tables()) : TableFilter.all();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("@ZeroListener method " + description + " names tables it cannot have: "
					+ ex.getMessage(), ex);
		}
		ListenerSignature signature = ListenerSignature.of(method, annotation, description, binders);
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		return new MethodChangeListener(bean, invocable, description, beanName + "." + method.getName(), tables,
				signature, annotation.transactional(), order);
	}

	boolean transactional() {
		return this.transactional;
	}

	/** The bean's name and the method's, {@code todoStats.onInsert}. */
	String name() {
		return this.name;
	}

	/** The kinds of change the method takes; it passes over the others. */
	Set<Change.Op> ops() {
		return this.ops;
	}

	@Override
	public void onBegin(Begin begin) {
		this.begin = begin;
	}

	@Override
	public void onChange(Change change) throws Exception {
		if (!this.ops.contains(change.op())) {
			return;
		}
		Object[] values = new Object[this.arguments.length];
		try {
			for (int i = 0; i < values.length; i++) {
				values[i] = this.arguments[i].resolve(change, this.begin);
			}
		}
		catch (RowBindingException ex) {
			throw new RowBindingException("Cannot call @ZeroListener method " + this.description + ": "
					+ ex.getMessage(), ex.getCause());
		}
		try {
			this.method.invoke(this.bean, values);
		}
		catch (InvocationTargetException ex) {
			Throwable thrown = ex.getTargetException();
			if (thrown instanceof Exception exception) {
				throw exception;
			}
			if (thrown instanceof Error error) {
				throw error;
			}
			throw new UndeclaredThrowableException(thrown);
		}
	}

	@Override
	public void onCommit(Commit commit) {
		this.begin = null;
	}

	@Override
	public void onReset(Reset reset) {
		// the rows of an initial sync belong to no transaction
		this.begin = null;
	}

	@Override
	public List<String> unmetBy(TableName table, List<String> columns, Set<String> carried) {
		if (!this.tables.matches(table)) {
			return List.of();
		}
		List<String> unmet = new ArrayList<>();
		for (ListenerSignature.OldRowParameter parameter : this.oldRows) {
			List<String> needing = parameter.binder().needing(columns, carried);
			if (!needing.isEmpty()) {
				unmet.add(this + " binds them to " + parameter.parameter() + ", whose " + String.join(", ", needing)
						+ ((needing.size() == 1) ? " needs a column" : " need columns") + " they lack");
			}
		}
		return unmet;
	}

	@Override
	public TableFilter tables() {
		return this.tables;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public String toString() {
		return "@ZeroListener method " + this.description;
	}

}
