package dev.zero.push.autoconfigure;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

import tools.jackson.databind.json.JsonMapper;

import dev.zero.push.ZeroMutator;
import dev.zero.push.processor.Mutators;

/**
 * The application's {@link ZeroMutator @ZeroMutator} methods, found once among its beans the
 * way {@code @ZeroListener} methods are; two methods with one name, or a method whose
 * parameters cannot be bound, fail startup.
 */
final class MutatorMethods implements Mutators {

	private final ConfigurableListableBeanFactory beanFactory;

	private final JsonMapper json;

	private volatile @Nullable Map<String, MutatorMethod> methods;

	MutatorMethods(ConfigurableListableBeanFactory beanFactory, JsonMapper json) {
		this.beanFactory = beanFactory;
		this.json = json;
	}

	/**
	 * The method of a mutator name. Zero's client joins a namespace and a name with {@code .}
	 * (mutators from {@code defineMutators}) or {@code |} (plain functions), and zero-server
	 * splits names at either, so {@code todo|create} finds {@code @ZeroMutator("todo.create")}.
	 */
	@Override
	public @Nullable Mutator find(String name) {
		Map<String, MutatorMethod> methods = methods();
		MutatorMethod method = methods.get(name);
		return (method != null) ? method : methods.get(name.replace('|', '.'));
	}

	/** Whether the application has any mutator. */
	boolean isEmpty() {
		return methods().isEmpty();
	}

	/** The mutators' names. */
	java.util.Set<String> names() {
		return methods().keySet();
	}

	private Map<String, MutatorMethod> methods() {
		Map<String, MutatorMethod> found = this.methods;
		if (found == null) {
			synchronized (this) {
				found = this.methods;
				if (found == null) {
					found = discover();
					this.methods = found;
				}
			}
		}
		return found;
	}

	private Map<String, MutatorMethod> discover() {
		Map<String, MutatorMethod> found = new HashMap<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
			if (type == null) {
				continue;
			}
			Map<Method, ZeroMutator> annotated = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<ZeroMutator>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, ZeroMutator.class));
			if (annotated.isEmpty()) {
				continue;
			}
			Object bean = this.beanFactory.getBean(beanName);
			annotated.forEach((method, annotation) -> {
				Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
				MutatorMethod mutator = new MutatorMethod(annotation.value(), bean, invocable, this.json);
				MutatorMethod other = found.putIfAbsent(annotation.value(), mutator);
				if (other != null) {
					throw new IllegalStateException("Two @ZeroMutator(\"" + annotation.value() + "\") methods: " + other
							+ " and " + method + "; a mutator name must be unique");
				}
			});
		}
		return Map.copyOf(found);
	}

}
