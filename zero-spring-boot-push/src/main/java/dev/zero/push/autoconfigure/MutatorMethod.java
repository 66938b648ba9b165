package dev.zero.push.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.security.Principal;

import org.springframework.util.ReflectionUtils;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.push.MutationContext;
import dev.zero.push.ZeroMutatorException;
import dev.zero.push.processor.Mutators;

/**
 * One {@code @ZeroMutator} method, called with its parameters bound: the argument read into
 * its type, the {@link MutationContext}, the {@link Principal}.
 */
final class MutatorMethod implements Mutators.Mutator {

	private final String name;

	private final Object bean;

	private final Method method;

	private final JsonMapper json;

	private final JavaType[] argumentTypes;

	MutatorMethod(String name, Object bean, Method method, JsonMapper json) {
		this.name = name;
		this.bean = bean;
		this.method = method;
		this.json = json;
		Parameter[] parameters = method.getParameters();
		this.argumentTypes = new JavaType[parameters.length];
		int arguments = 0;
		for (int i = 0; i < parameters.length; i++) {
			Class<?> type = parameters[i].getType();
			if (type != MutationContext.class && !Principal.class.isAssignableFrom(type)) {
				this.argumentTypes[i] = json.constructType(parameters[i].getParameterizedType());
				arguments++;
			}
		}
		if (arguments > 1) {
			throw new IllegalStateException("@ZeroMutator(\"" + name + "\") method " + method
					+ " has more than one parameter for the mutation's argument; besides it, only MutationContext"
					+ " and Principal parameters are allowed");
		}
		ReflectionUtils.makeAccessible(method);
	}

	@Override
	public void run(JsonNode argument, MutationContext context) throws Exception {
		Object[] values = new Object[this.argumentTypes.length];
		Class<?>[] types = this.method.getParameterTypes();
		for (int i = 0; i < values.length; i++) {
			if (types[i] == MutationContext.class) {
				values[i] = context;
			}
			else if (Principal.class.isAssignableFrom(types[i])) {
				values[i] = types[i].isInstance(context.principal()) ? context.principal() : null;
			}
			else {
				values[i] = bind(argument, this.argumentTypes[i]);
			}
		}
		try {
			this.method.invoke(this.bean, values);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private Object bind(JsonNode argument, JavaType type) {
		if (type.getRawClass().isInstance(argument)) {
			return argument;
		}
		try {
			return this.json.treeToValue(argument, type);
		}
		catch (JacksonException ex) {
			throw new ZeroMutatorException("Invalid arguments for mutator " + this.name + ": " + ex.getOriginalMessage());
		}
	}

	@Override
	public String toString() {
		return this.method.toString();
	}

}
