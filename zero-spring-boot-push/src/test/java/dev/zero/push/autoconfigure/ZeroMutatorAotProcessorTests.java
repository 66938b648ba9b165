package dev.zero.push.autoconfigure;

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

import dev.zero.push.MutationContext;
import dev.zero.push.ZeroMutator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reflection hints registered ahead of time for {@code @ZeroMutator} methods and the types
 * their arguments are read into.
 */
class ZeroMutatorAotProcessorTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
			.hasAtLeastOneElementOfType(ZeroMutatorAotProcessor.class);
	}

	@Test
	void registersTheMethodsAndTheirArgumentTypes() throws Exception {
		BeanRegistrationAotContribution contribution = contribution(Mutators.class);
		assertThat(contribution).isNotNull();
		DefaultGenerationContext context = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "Test")), new InMemoryGeneratedFiles());
		contribution.applyTo(context, null);
		RuntimeHints hints = context.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Mutators.class, "create")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Mutators.class, "notAMutator")).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(NewTodo.class.getDeclaredConstructor(String.class)))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(MutationContext.class)).rejects(hints);
	}

	@Test
	void contributesNothingForABeanWithoutMutators() {
		assertThat(contribution(String.class)).isNull();
	}

	private @Nullable BeanRegistrationAotContribution contribution(Class<?> type) {
		this.beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(type));
		return new ZeroMutatorAotProcessor().processAheadOfTime(RegisteredBean.of(this.beanFactory, "bean"));
	}

	record NewTodo(String title) {
	}

	static class Mutators {

		@ZeroMutator("todo.create")
		void create(NewTodo todo, MutationContext context) {
		}

		void notAMutator(NewTodo todo) {
		}

	}

}
