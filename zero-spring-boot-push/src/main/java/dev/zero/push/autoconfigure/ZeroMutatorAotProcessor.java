package dev.zero.push.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.security.Principal;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import tools.jackson.databind.JsonNode;

import dev.zero.push.MutationContext;
import dev.zero.push.ZeroMutator;

/**
 * Registers at build time the reflection {@link MutatorMethods} needs at run time in a native
 * image: each bean's {@link ZeroMutator @ZeroMutator} methods, invoked reflectively, and the
 * types their arguments are read into with Jackson.
 */
final class ZeroMutatorAotProcessor implements BeanRegistrationAotProcessor {

	private static final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
		if (!AnnotationUtils.isCandidateClass(type, ZeroMutator.class)) {
			return null;
		}
		Set<Method> methods = MethodIntrospector.selectMethods(type,
				(ReflectionUtils.MethodFilter) (method) -> AnnotatedElementUtils.hasAnnotation(method, ZeroMutator.class));
		if (methods.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), methods);
	}

	private static void registerHints(RuntimeHints hints, Set<Method> methods) {
		for (Method method : methods) {
			hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
			for (Parameter parameter : method.getParameters()) {
				Class<?> bound = parameter.getType();
				if (bound != MutationContext.class && !Principal.class.isAssignableFrom(bound)
						&& !JsonNode.class.isAssignableFrom(bound)) {
					bindings.registerReflectionHints(hints.reflection(), parameter.getParameterizedType());
				}
			}
		}
	}

}
