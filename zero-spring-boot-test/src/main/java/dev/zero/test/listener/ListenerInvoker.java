package dev.zero.test.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.convert.ConversionService;

import dev.zero.autoconfigure.listener.ZeroListeners;
import dev.zero.change.Begin;
import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Commit;
import dev.zero.change.Insert;
import dev.zero.change.Lsn;
import dev.zero.change.ZeroListener;

/**
 * Calls an object's listeners with changes as the stream calls them, for unit tests: its
 * {@link ZeroListener @ZeroListener} methods, made by the starter's own code (so rows bind,
 * {@code tables} and {@code ops} filter, and {@link ZeroListener.Old @Old} applies exactly as at
 * run time), and, when the object is a {@link ChangeListener}, the object itself, honouring
 * its {@link ChangeListener#tables() tables()}.
 * <pre>{@code
 * ListenerInvoker.of(new TodoListener(mailer)).deliver(Changes.insert(Rows.of("todo").key("id", 1L)));
 * }</pre>
 */
public final class ListenerInvoker {

	private final List<ChangeListener> listeners;

	private ListenerInvoker(List<ChangeListener> listeners) {
		this.listeners = listeners;
	}

	/**
	 * The listeners of an object, binding rows with Spring Boot's shared conversion service (the
	 * one an application without a conversion service bean has).
	 * @param listener an object with {@code @ZeroListener} methods, or a {@code ChangeListener}
	 * @return the invoker
	 * @throws IllegalArgumentException if the object has no listener
	 * @throws IllegalStateException if a {@code @ZeroListener} method cannot be served, with the
	 * message the application's startup would fail with
	 */
	public static ListenerInvoker of(Object listener) {
		return of(listener, ApplicationConversionService.getSharedInstance());
	}

	/**
	 * The listeners of an object.
	 * @param listener an object with {@code @ZeroListener} methods, or a {@code ChangeListener}
	 * @param conversionService converts column values to the types of the methods' rows
	 * @return the invoker
	 * @throws IllegalArgumentException if the object has no listener
	 * @throws IllegalStateException if a {@code @ZeroListener} method cannot be served
	 */
	public static ListenerInvoker of(Object listener, ConversionService conversionService) {
		Objects.requireNonNull(listener, "listener must not be null");
		List<ChangeListener> listeners = new ArrayList<>();
		if (listener instanceof ChangeListener changeListener) {
			listeners.add(changeListener);
		}
		listeners.addAll(ZeroListeners.methodsOf(listener, conversionService));
		if (listeners.isEmpty()) {
			throw new IllegalArgumentException(listener.getClass().getName()
					+ " is not a ChangeListener and has no @ZeroListener methods");
		}
		// a stable sort: at equal order the ChangeListener comes first, as among an application's beans
		listeners.sort(AnnotationAwareOrderComparator.INSTANCE);
		return new ListenerInvoker(List.copyOf(listeners));
	}

	/**
	 * The listeners changes are delivered to, in order: the object when it is a
	 * {@code ChangeListener}, and one per {@code @ZeroListener} method.
	 * @return the listeners
	 */
	public List<ChangeListener> listeners() {
		return this.listeners;
	}

	/**
	 * Delivers changes as one committed transaction: {@code onBegin}, then each change to the
	 * listeners whose tables it touches, then {@code onCommit}. A snapshot insert (of an initial
	 * sync) belongs to no transaction and is delivered on its own.
	 * @param changes the transaction's changes, in order
	 * @throws Exception what a listener threw, as the stream would see it
	 */
	public void deliver(Change... changes) throws Exception {
		deliver(List.of(changes));
	}

	/**
	 * Delivers changes as one committed transaction (see {@link #deliver(Change...)}).
	 * @param changes the transaction's changes, in order
	 * @throws Exception what a listener threw
	 */
	public void deliver(List<? extends Change> changes) throws Exception {
		List<Change> transaction = new ArrayList<>();
		for (Change change : changes) {
			if (change instanceof Insert insert && insert.snapshot()) {
				change(change);
			}
			else {
				transaction.add(change);
			}
		}
		if (transaction.isEmpty()) {
			return;
		}
		Change first = transaction.get(0);
		Change last = transaction.get(transaction.size() - 1);
		Lsn commitLsn = Lsn.of(last.lsn().value() + 0x30);
		Begin begin = new Begin(first.xid(), commitLsn, first.commitTime());
		for (ChangeListener listener : this.listeners) {
			listener.onBegin(begin);
		}
		for (Change change : transaction) {
			change(change);
		}
		Commit commit = new Commit(first.xid(), commitLsn, Lsn.of(commitLsn.value() + 0x30), first.commitTime());
		for (ChangeListener listener : this.listeners) {
			listener.onCommit(commit);
		}
	}

	private void change(Change change) throws Exception {
		for (ChangeListener listener : this.listeners) {
			if (listener.tables().matches(change)) {
				listener.onChange(change);
			}
		}
	}

}
