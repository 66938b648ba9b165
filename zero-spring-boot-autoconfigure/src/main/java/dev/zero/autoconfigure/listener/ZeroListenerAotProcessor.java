package dev.zero.autoconfigure.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
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

import dev.zero.change.Change;
import dev.zero.change.Row;
import dev.zero.change.ZeroListener;

/**
 * Registers at build time the reflection that {@link ZeroListeners} needs at run time in a
 * native image: each bean's {@link ZeroListener @ZeroListener} methods, which are invoked
 * reflectively, and the records and JavaBeans their rows are bound to (constructors, record
 * accessors, setters; the getters too, for an application that serializes them). It only
 * registers hints; whether a method can be served is still decided at startup.
 */
final class ZeroListenerAotProcessor implements BeanRegistrationAotProcessor {

	private static final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
		if (!AnnotationUtils.isCandidateClass(type, ZeroListener.class)) {
			return null;
		}
		Set<Method> methods = listenerMethods(type);
		boolean annotatedClass = AnnotatedElementUtils.hasAnnotation(type, ZeroListener.class);
		if (methods.isEmpty() && !annotatedClass) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), type, methods);
	}

	/**
	 * The hints of one bean class with {@code @ZeroListener} methods or annotated itself.
	 * @param hints where to register them
	 * @param type the bean's class
	 */
	static void registerHints(RuntimeHints hints, Class<?> type) {
		registerHints(hints, type, listenerMethods(type));
	}

	private static void registerHints(RuntimeHints hints, Class<?> type, Set<Method> methods) {
		// a ChangeListener annotated @ZeroListener(transactional = true): its annotation is read
		hints.reflection().registerType(type);
		for (Method method : methods) {
			hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
			for (Parameter parameter : method.getParameters()) {
				Class<?> bound = parameter.getType();
				if (isBound(bound)) {
					bindings.registerReflectionHints(hints.reflection(), bound);
				}
			}
		}
	}

	private static Set<Method> listenerMethods(Class<?> type) {
		return MethodIntrospector.selectMethods(type,
				(ReflectionUtils.MethodFilter) (method) -> AnnotatedElementUtils.hasAnnotation(method,
						ZeroListener.class));
	}

	/** A record or JavaBean of the application that a row is bound to, as ListenerSignature decides. */
	private static boolean isBound(Class<?> type) {
		return type != Row.class && !type.getPackageName().equals(Change.class.getPackageName())
				&& RowBinder.whyNotBindable(type) == null;
	}

}
