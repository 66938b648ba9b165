package dev.zero.autoconfigure.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.annotation.OrderUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.ClassUtils;

import dev.zero.autoconfigure.observation.ListenerIdentity;
import dev.zero.autoconfigure.observation.ZeroObservations;
import dev.zero.change.ChangeListener;
import dev.zero.change.ZeroListener;

/**
 * The listeners changes are delivered to: the application's {@link ChangeListener} beans and
 * its {@link ZeroListener @ZeroListener} methods, in one order. The methods are found once
 * every singleton exists, the way {@code @EventListener} methods are, and one that cannot be
 * served fails startup; a bean with such methods implements nothing.
 */
public final class ZeroListeners implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final ObjectProvider<ChangeListener> beans;

	private final ObjectProvider<ConversionService> conversionService;

	private final Map<Class<?>, Boolean> transactionalClasses = new ConcurrentHashMap<>();

	private volatile @Nullable List<MethodChangeListener> methods;

	/**
	 * @param beanFactory the application's beans, searched for {@code @ZeroListener} methods
	 * @param beans the {@link ChangeListener} beans
	 * @param conversionService converts column values to the types of the methods' rows; the
	 * application's conversion service when it has one
	 */
	public ZeroListeners(ConfigurableListableBeanFactory beanFactory, ObjectProvider<ChangeListener> beans,
			ObjectProvider<ConversionService> conversionService) {
		this.beanFactory = beanFactory;
		this.beans = beans;
		this.conversionService = conversionService;
	}

	@Override
	public void afterSingletonsInstantiated() {
		methods();
	}

	/**
	 * Every listener in the order changes reach them: the {@link ChangeListener} beans and one
	 * listener per {@code @ZeroListener} method, sorted together as
	 * {@link ObjectProvider#orderedStream()} sorts beans ({@code PriorityOrdered}, then
	 * {@code Ordered}, {@code @Order} and {@code @Priority}; a method's {@code @Order}, else its
	 * bean's order). At equal order the beans come first, in the order they were defined.
	 * @return the listeners
	 */
	public List<ChangeListener> all() {
		List<MethodChangeListener> methods = methods();
		List<ChangeListener> beans = this.beans.orderedStream().toList();
		if (methods.isEmpty()) {
			return beans;
		}
		// the order the bean factory gives a bean, which sees @Order on its @Bean method too
		Map<Object, Ordered> beanOrders = new IdentityHashMap<>();
		for (String name : this.beanFactory.getBeanNamesForType(ChangeListener.class, false, false)) {
			Object bean = this.beanFactory.getBean(name);
			int order = order(name, bean);
			beanOrders.put(bean, () -> order);
		}
		List<ChangeListener> all = new ArrayList<>(beans);
		all.addAll(methods);
		all.sort(AnnotationAwareOrderComparator.INSTANCE.withSourceProvider(beanOrders::get));
		return List.copyOf(all);
	}

	/**
	 * Whether a listener runs inside a database transaction the starter opens: a
	 * {@code @ZeroListener(transactional = true)} method, or a {@link ChangeListener} bean whose
	 * class (behind any proxy) is annotated so.
	 * @param listener one of {@link #all()}, observed or not
	 * @return whether it is transactional
	 */
	public boolean isTransactional(ChangeListener listener) {
		listener = ZeroObservations.unwrap(listener);
		if (listener instanceof MethodChangeListener method) {
			return method.transactional();
		}
		return this.transactionalClasses.computeIfAbsent(ClassUtils.getUserClass(AopUtils.getTargetClass(listener)),
				(type) -> {
					ZeroListener annotation = AnnotatedElementUtils.findMergedAnnotation(type, ZeroListener.class);
					return annotation != null && annotation.transactional();
				});
	}

	/**
	 * How observations name a listener, and which of its changes they observe: a
	 * {@code @ZeroListener} method as its bean's name and its own ({@code todoStats.onInsert}),
	 * the kinds of change it takes; a {@link ChangeListener} bean as its name, every change.
	 * @param listener one of {@link #all()}, or a listener of a transactional target
	 * @return its identity
	 */
	public ListenerIdentity identity(ChangeListener listener) {
		if (listener instanceof MethodChangeListener method) {
			return new ListenerIdentity(method.name(), method.ops());
		}
		for (String name : this.beanFactory.getBeanNamesForType(ChangeListener.class, false, false)) {
			if (this.beanFactory.getBean(name) == listener) {
				return new ListenerIdentity(name, ListenerIdentity.EVERY_CHANGE);
			}
		}
		// a target's own listener (Kafka's publisher), or a bean the factory does not list
		return new ListenerIdentity(ClassUtils.getShortName(AopUtils.getTargetClass(listener)),
				ListenerIdentity.EVERY_CHANGE);
	}

	private List<MethodChangeListener> methods() {
		List<MethodChangeListener> found = this.methods;
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

	private List<MethodChangeListener> discover() {
		ConversionService conversions = this.conversionService.getIfUnique(this::defaultConversionService);
		Map<Class<?>, RowBinder> binders = new HashMap<>();
		Function<Class<?>, RowBinder> binder = (type) -> binders.computeIfAbsent(type,
				(key) -> RowBinder.of(key, conversions));
		List<MethodChangeListener> found = new ArrayList<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class)) {
			Class<?> type = ScopedProxyUtils.isScopedTarget(beanName) ? null : targetClass(beanName);
			if (type != null && AnnotationUtils.isCandidateClass(type, ZeroListener.class)) {
				found.addAll(methodsOf(beanName, ClassUtils.getUserClass(type), binder));
			}
		}
		return List.copyOf(found);
	}

	/**
	 * The listeners of one object's {@link ZeroListener @ZeroListener} methods, made exactly as
	 * for a bean of the application (the same binding, table and kind filters, and checks), for
	 * calling them without an application context, in tests.
	 * @param bean the object, possibly a proxy
	 * @param conversionService converts column values to the types of the methods' rows
	 * @return one listener per method, in a stable order, each with the method's {@code @Order}
	 * or else the object's
	 * @throws IllegalStateException if a method cannot be served
	 */
	public static List<ChangeListener> methodsOf(Object bean, ConversionService conversionService) {
		Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		Map<Class<?>, RowBinder> binders = new HashMap<>();
		int order = (bean instanceof Ordered ordered) ? ordered.getOrder()
				: OrderUtils.getOrder(type, Ordered.LOWEST_PRECEDENCE);
		return List.copyOf(methodsOf(type.getSimpleName(), type, () -> bean, (found) -> order,
				(key) -> binders.computeIfAbsent(key, (binderType) -> RowBinder.of(binderType, conversionService))));
	}

	/** The listeners of one bean's {@code @ZeroListener} methods, in a stable order. */
	private List<MethodChangeListener> methodsOf(String beanName, Class<?> type, Function<Class<?>, RowBinder> binder) {
		return methodsOf(beanName, type, () -> this.beanFactory.getBean(beanName), (bean) -> order(beanName, bean),
				binder);
	}

	private static List<MethodChangeListener> methodsOf(String beanName, Class<?> type, Supplier<Object> beans,
			ToIntFunction<Object> orders, Function<Class<?>, RowBinder> binder) {
		checkClassAnnotation(beanName, type);
		Map<Method, ZeroListener> annotated = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<ZeroListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, ZeroListener.class));
		if (annotated.isEmpty()) {
			return List.of();
		}
		Object bean = beans.get();
		int beanOrder = orders.applyAsInt(bean);
		return annotated.entrySet()
			.stream()
			.sorted(Comparator.comparing((entry) -> entry.getKey().toGenericString()))
			.map((entry) -> {
				Method method = entry.getKey();
				checkNotACallback(beanName, type, method);
				Order order = AnnotatedElementUtils.findMergedAnnotation(method, Order.class);
				return MethodChangeListener.of(beanName, bean, type, method, entry.getValue(),
						(order != null) ? order.value() : beanOrder, binder);
			})
			.toList();
	}

	private ConversionService defaultConversionService() {
		ConversionService conversions = this.beanFactory.getConversionService();
		return (conversions != null) ? conversions : ApplicationConversionService.getSharedInstance();
	}

	private @Nullable Class<?> targetClass(String beanName) {
		try {
			return AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
		}
		catch (Throwable ex) {
			// a bean whose type cannot be told (a lazy FactoryBean, for example) has no methods to find
			return null;
		}
	}

	/** On a class, {@code @ZeroListener} only marks a ChangeListener as transactional. */
	private static void checkClassAnnotation(String beanName, Class<?> type) {
		ZeroListener annotation = AnnotatedElementUtils.findMergedAnnotation(type, ZeroListener.class);
		if (annotation == null) {
			return;
		}
		String where = "@ZeroListener on " + type.getName() + " (bean '" + beanName + "')";
		if (!ChangeListener.class.isAssignableFrom(type)) {
			throw new IllegalStateException(where + ": on a class it marks a ChangeListener as transactional, and "
					+ type.getSimpleName() + " is not a ChangeListener; annotate its methods instead");
		}
		if (annotation.tables().length > 0 || annotation.ops().length > 0) {
			throw new IllegalStateException(where + ": on a class it only says whether the listener is transactional; "
					+ "a ChangeListener's tables are those of its tables() method, and it receives every kind of change");
		}
	}

	/** A ChangeListener's own callbacks are called as such; annotating one would deliver twice. */
	private static void checkNotACallback(String beanName, Class<?> type, Method method) {
		if (ChangeListener.class.isAssignableFrom(type)
				&& ClassUtils.hasMethod(ChangeListener.class, method.getName(), method.getParameterTypes())) {
			throw new IllegalStateException("@ZeroListener on " + type.getSimpleName() + "." + method.getName()
					+ " (bean '" + beanName + "'): it is a ChangeListener callback, called as such; annotate the class "
					+ "to make the listener transactional, or move the method to a bean that is not a ChangeListener");
		}
	}

	private int order(String beanName, Object bean) {
		if (this.beanFactory instanceof DefaultListableBeanFactory factory) {
			return factory.getOrder(beanName, bean);
		}
		return (bean instanceof Ordered ordered) ? ordered.getOrder()
				: OrderUtils.getOrder(AopUtils.getTargetClass(bean), Ordered.LOWEST_PRECEDENCE);
	}

}
