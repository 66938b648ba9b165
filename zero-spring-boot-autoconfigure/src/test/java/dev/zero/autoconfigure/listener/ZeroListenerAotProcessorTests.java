package dev.zero.autoconfigure.listener;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Delete;
import dev.zero.change.Insert;
import dev.zero.change.Row;
import dev.zero.change.Update;
import dev.zero.change.ZeroListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reflection hints registered ahead of time for {@code @ZeroListener} methods and the
 * types their rows are bound to, checked with {@link RuntimeHintsPredicates}.
 */
class ZeroListenerAotProcessorTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
			.hasAtLeastOneElementOfType(ZeroListenerAotProcessor.class);
	}

	@Test
	void registersTheListenerMethodsForInvocation() {
		RuntimeHints hints = process(Listeners.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "inserted")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "updated")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "any")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "notAListener"))
			.rejects(hints);
	}

	@Test
	void registersTheConstructorAndAccessorsOfABoundRecord() throws Exception {
		RuntimeHints hints = process(Listeners.class);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(Todo.class.getDeclaredConstructor(long.class, String.class, boolean.class)))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Todo.class, "title")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TodoKey.class, "id")).accepts(hints);
	}

	@Test
	void registersTheConstructorAndSettersOfABoundJavaBean() throws Exception {
		RuntimeHints hints = process(Listeners.class);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(TodoBean.class.getDeclaredConstructor()))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TodoBean.class, "setTitle")).accepts(hints);
	}

	@Test
	void registersNothingForTheStartersOwnParameterTypes() {
		RuntimeHints hints = process(Listeners.class);
		assertThat(RuntimeHintsPredicates.reflection().onType(Row.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Change.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Insert.class)).rejects(hints);
	}

	@Test
	void registersAChangeListenerMarkedTransactional() {
		RuntimeHints hints = process(TransactionalListener.class);
		assertThat(RuntimeHintsPredicates.reflection().onType(TransactionalListener.class)).accepts(hints);
	}

	@Test
	void contributesNothingForABeanWithoutListeners() {
		assertThat(contribution(NoListeners.class)).isNull();
	}

	private RuntimeHints process(Class<?> type) {
		BeanRegistrationAotContribution contribution = contribution(type);
		assertThat(contribution).isNotNull();
		DefaultGenerationContext context = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "Test")), new InMemoryGeneratedFiles());
		// the code of the bean's registration is not needed: the contribution only adds hints
		contribution.applyTo(context, null);
		return context.getRuntimeHints();
	}

	private @Nullable BeanRegistrationAotContribution contribution(Class<?> type) {
		this.beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(type));
		return new ZeroListenerAotProcessor().processAheadOfTime(RegisteredBean.of(this.beanFactory, "bean"));
	}

	static class Listeners {

		@ZeroListener(tables = "todo")
		void inserted(Insert insert, Todo todo) {
		}

		@ZeroListener(tables = "todo")
		void updated(Update update, TodoBean todo, @ZeroListener.Old @Nullable TodoKey old) {
		}

		@ZeroListener
		void any(Change change, Row row) {
		}

		void notAListener(Delete delete, Todo todo) {
		}

	}

	static class NoListeners {

		void changed(Change change) {
		}

	}

	@ZeroListener(transactional = true)
	static class TransactionalListener implements ChangeListener {

		@Override
		public void onChange(Change change) {
		}

	}

	record Todo(long id, String title, boolean done) {
	}

	record TodoKey(long id) {
	}

	static class TodoBean {

		private @Nullable String title;

		public @Nullable String getTitle() {
			return this.title;
		}

		public void setTitle(@Nullable String title) {
			this.title = title;
		}

	}

}
