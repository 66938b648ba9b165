package dev.zero.autoconfigure.listener;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.zero.change.Column;
import dev.zero.change.ColumnValueException;
import dev.zero.change.Row;
import dev.zero.change.TableName;

/**
 * Binds rows to one type of the application, a record or a JavaBean. How each property reads
 * its value is worked out once per type, which column it reads once per table layout, so that
 * binding a row costs one getter call per property. It never holds a row.
 */
final class RowBinder {

	/** The types a {@link Row} getter reads directly. */
	private static final Set<Class<?>> READABLE = Set.of(Object.class, String.class, Long.class, Integer.class,
			Short.class, Boolean.class, BigDecimal.class, Double.class, Float.class, UUID.class, LocalDate.class,
			LocalTime.class, OffsetTime.class, LocalDateTime.class, OffsetDateTime.class, Instant.class,
			byte[].class);

	/** Marks a value PostgreSQL did not send (unchanged TOAST). */
	private static final Object UNCHANGED = new Object();

	private final Class<?> type;

	private final Constructor<?> constructor;

	private final Property[] properties;

	private final boolean record;

	private final Map<LayoutKey, Layout> layouts = new ConcurrentHashMap<>();

	private volatile @Nullable Layout last;

	private RowBinder(Class<?> type, Constructor<?> constructor, Property[] properties, boolean record) {
		this.type = type;
		this.constructor = constructor;
		this.properties = properties;
		this.record = record;
	}

	/**
	 * Why rows cannot be bound to {@code type}, or {@code null} when they can: it is a record, or
	 * a concrete class of the application with a no-argument constructor and setters.
	 */
	static @Nullable String whyNotBindable(Class<?> type) {
		if (type.isRecord()) {
			return null;
		}
		if (type.isPrimitive() || type.isArray() || type.isInterface() || type.isEnum()
				|| Modifier.isAbstract(type.getModifiers()) || type.getName().startsWith("java.")) {
			return type.getSimpleName() + " is not a record or a class with a no-argument constructor and setters";
		}
		if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
			return type.getSimpleName() + " is an inner class, which needs an instance of "
					+ type.getEnclosingClass().getSimpleName() + " to be created: make it static";
		}
		if (noArgumentConstructor(type) == null) {
			return type.getSimpleName() + " has no no-argument constructor to create it with";
		}
		if (writableProperties(type).isEmpty()) {
			return type.getSimpleName() + " has no setters to bind columns with";
		}
		return null;
	}

	/**
	 * A binder for {@code type}, which {@link #whyNotBindable} accepts.
	 * @param type the record or JavaBean
	 * @param conversions converts the values no getter reads directly
	 * @return the binder
	 */
	static RowBinder of(Class<?> type, ConversionService conversions) {
		List<Property> properties = new ArrayList<>();
		Constructor<?> constructor;
		if (type.isRecord()) {
			RecordComponent[] components = type.getRecordComponents();
			Class<?>[] types = new Class<?>[components.length];
			for (int i = 0; i < components.length; i++) {
				types[i] = components[i].getType();
			}
			try {
				constructor = ReflectionUtils.accessibleConstructor(type, types);
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException("A record without its canonical constructor: " + type.getName(), ex);
			}
			for (int i = 0; i < components.length; i++) {
				properties.add(new Property(components[i].getName(),
						new TypeDescriptor(new MethodParameter(constructor, i)), null, conversions));
			}
		}
		else {
			constructor = Objects.requireNonNull(noArgumentConstructor(type), "no-argument constructor");
			for (PropertyDescriptor descriptor : writableProperties(type)) {
				Method setter = descriptor.getWriteMethod();
				ReflectionUtils.makeAccessible(setter);
				properties.add(new Property(descriptor.getName(), new TypeDescriptor(new MethodParameter(setter, 0)),
						setter, conversions));
			}
		}
		return new RowBinder(type, constructor, properties.toArray(Property[]::new), type.isRecord());
	}

	private static @Nullable Constructor<?> noArgumentConstructor(Class<?> type) {
		try {
			return ReflectionUtils.accessibleConstructor(type);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

	private static List<PropertyDescriptor> writableProperties(Class<?> type) {
		List<PropertyDescriptor> writable = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getWriteMethod() != null) {
				writable.add(descriptor);
			}
		}
		return writable;
	}

	Class<?> type() {
		return this.type;
	}

	/**
	 * A new instance of the type with the values of {@code row}.
	 * @param table the row's table, for messages
	 * @param row the row
	 * @param old whether the row is the old row of an update or a delete, which may hold only
	 * the key columns
	 * @return the instance
	 * @throws RowBindingException if the row cannot be bound
	 */
	Object bind(TableName table, Row row, boolean old) {
		Layout layout = layout(table, row);
		if (layout.failure() != null) {
			throw new RowBindingException(layout.failure() + ((old && row.columns().stream().allMatch(Column::key))
					? " (the old row of a delete or an update carries only the key columns unless the table has "
							+ "REPLICA IDENTITY FULL)"
					: ""));
		}
		if (this.record) {
			Object[] values = new Object[this.properties.length];
			for (int i = 0; i < values.length; i++) {
				String column = layout.columns()[i];
				if (column != null) {
					Object value = read(table, row, i, column);
					values[i] = (value != UNCHANGED) ? value : this.properties[i].defaultValue;
				}
			}
			return construct(values);
		}
		Object bean = construct();
		for (int i = 0; i < this.properties.length; i++) {
			String column = layout.columns()[i];
			if (column != null) {
				Object value = read(table, row, i, column);
				if (value != UNCHANGED) {
					ReflectionUtils.invokeMethod(Objects.requireNonNull(this.properties[i].setter), bean, value);
				}
			}
		}
		return bean;
	}

	private @Nullable Object read(TableName table, Row row, int index, String column) {
		Property property = this.properties[index];
		Object value;
		try {
			value = property.reader.read(row, column);
		}
		catch (ColumnValueException ex) {
			if (row.isUnchangedToast(column)) {
				return UNCHANGED;
			}
			throw new RowBindingException(describe(property) + " cannot be read from column \"" + column + "\" ("
					+ row.column(column).typeName() + ") of " + table + ": " + ex.getMessage(), ex);
		}
		catch (ConversionException ex) {
			throw new RowBindingException(describe(property) + " cannot be read from column \"" + column + "\" ("
					+ row.column(column).typeName() + ") of " + table + ": " + ex.getMessage(), ex);
		}
		if (value == null && property.primitive) {
			throw new RowBindingException("Column \"" + column + "\" (" + row.column(column).typeName() + ") of "
					+ table + " is NULL, which " + describe(property) + " cannot hold: make it "
					+ ClassUtils.resolvePrimitiveIfNecessary(property.descriptor.getType()).getSimpleName()
					+ " to accept NULL");
		}
		return value;
	}

	private Object construct(@Nullable Object... values) {
		try {
			return this.constructor.newInstance(values);
		}
		catch (InvocationTargetException ex) {
			throw new RowBindingException("The constructor of " + this.type.getName() + " refused the row: "
					+ ex.getTargetException(), ex.getTargetException());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create " + this.type.getName() + ": " + ex, ex);
		}
	}

	private Layout layout(TableName table, Row row) {
		List<Column> columns = row.columns();
		Layout layout = this.last;
		if (layout != null && layout.key().columns() == columns && layout.key().table().equals(table)) {
			return layout;
		}
		layout = this.layouts.computeIfAbsent(new LayoutKey(table, columns), this::layout);
		this.last = layout;
		return layout;
	}

	/** Which column each property reads in rows of these columns. */
	private Layout layout(LayoutKey key) {
		String[] columns = new String[this.properties.length];
		String failure = null;
		for (int i = 0; i < columns.length; i++) {
			Property property = this.properties[i];
			columns[i] = column(property.name, key.columns());
			if (columns[i] == null && this.record && property.primitive && failure == null) {
				String names = key.columns().stream().map(Column::name).collect(Collectors.joining(", "));
				failure = "A row of " + key.table() + " has no column \"" + snakeCase(property.name) + "\" for "
						+ describe(property) + ", which needs a value; its columns are " + names + ". Make it " + ClassUtils.resolvePrimitiveIfNecessary(property.descriptor.getType())
							.getSimpleName()
						+ " to accept a missing column, or bind the row to a type with only the columns it has";
			}
		}
		return new Layout(key, columns, failure);
	}

	/** The column a property reads: of that name, else the snake_case one, else ignoring case. */
	private static @Nullable String column(String property, List<Column> columns) {
		return column(property, columns.stream().map(Column::name).toList());
	}

	private static @Nullable String column(String property, Collection<String> columns) {
		for (String column : columns) {
			if (column.equals(property)) {
				return column;
			}
		}
		String snake = snakeCase(property);
		for (String column : columns) {
			if (column.equals(snake)) {
				return column;
			}
		}
		for (String column : columns) {
			if (column.equalsIgnoreCase(property)) {
				return column;
			}
		}
		return null;
	}

	/**
	 * The properties that need a value (a record's primitive components) and read a column of
	 * {@code columns} that is not among {@code carried}: binding a row of only the carried
	 * columns would fail for them.
	 * @param columns a table's columns
	 * @param carried the columns its rows of interest carry
	 * @return each such property, as {@code done (boolean)}, in declaration order
	 */
	List<String> needing(List<String> columns, Set<String> carried) {
		List<String> needing = new ArrayList<>();
		if (!this.record) {
			return needing;
		}
		for (Property property : this.properties) {
			String column = property.primitive ? column(property.name, columns) : null;
			if (column != null && !carried.contains(column)) {
				needing.add(property.name + " (" + property.descriptor.getType().getSimpleName() + ")");
			}
		}
		return needing;
	}

	/** {@code createdAt} to {@code created_at}. */
	static String snakeCase(String name) {
		StringBuilder snake = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c)) {
				if (i > 0) {
					snake.append('_');
				}
				snake.append(Character.toLowerCase(c));
			}
			else {
				snake.append(c);
			}
		}
		return snake.toString();
	}

	private String describe(Property property) {
		return this.type.getSimpleName() + "." + property.name + " (" + typeName(property.descriptor.getResolvableType())
				+ ")";
	}

	/** {@code List<String>} rather than {@code java.util.List<java.lang.String>}. */
	private static String typeName(ResolvableType type) {
		Class<?> resolved = type.resolve(Object.class);
		if (!type.hasGenerics()) {
			return resolved.getSimpleName();
		}
		return Arrays.stream(type.getGenerics())
			.map(RowBinder::typeName)
			.collect(Collectors.joining(", ", resolved.getSimpleName() + "<", ">"));
	}

	@Override
	public String toString() {
		return "RowBinder[" + this.type.getName() + "]";
	}

	/** Reads one property's value from a column. */
	@FunctionalInterface
	private interface ValueReader {

		@Nullable Object read(Row row, String column);

	}

	/** A record component or a JavaBean property, and how its value is read. */
	private static final class Property {

		final String name;

		final TypeDescriptor descriptor;

		final @Nullable Method setter;

		final boolean primitive;

		final @Nullable Object defaultValue;

		final ValueReader reader;

		Property(String name, TypeDescriptor descriptor, @Nullable Method setter, ConversionService conversions) {
			this.name = name;
			this.descriptor = descriptor;
			this.setter = setter;
			this.primitive = descriptor.getType().isPrimitive();
			this.defaultValue = this.primitive ? java.lang.reflect.Array.get(
					java.lang.reflect.Array.newInstance(descriptor.getType(), 1), 0) : null;
			this.reader = reader(descriptor, conversions);
		}

		private static ValueReader reader(TypeDescriptor descriptor, ConversionService conversions) {
			Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(descriptor.getType());
			if (READABLE.contains(type)) {
				return (row, column) -> row.get(column, type);
			}
			if (type == List.class) {
				TypeDescriptor element = descriptor.getElementTypeDescriptor();
				Class<?> elementType = (element != null) ? element.getType() : Object.class;
				if (READABLE.contains(elementType)) {
					return (row, column) -> row.getList(column, elementType);
				}
			}
			return new ConvertingReader(descriptor, conversions);
		}

	}

	/**
	 * Reads the value as its natural Java type and converts it: an enum from its text, a
	 * {@code String[]} from an array, a {@code BigInteger} from a number.
	 */
	private static final class ConvertingReader implements ValueReader {

		private final TypeDescriptor target;

		private final ConversionService conversions;

		/** The source descriptor of the last value's class, which rarely changes. */
		private volatile @Nullable TypeDescriptor source;

		ConvertingReader(TypeDescriptor target, ConversionService conversions) {
			this.target = target;
			this.conversions = conversions;
		}

		@Override
		public @Nullable Object read(Row row, String column) {
			Object value = row.getObject(column);
			if (value == null) {
				return null;
			}
			TypeDescriptor source = this.source;
			if (source == null || source.getType() != value.getClass()) {
				source = TypeDescriptor.forObject(value);
				this.source = source;
			}
			return this.conversions.convert(value, source, this.target);
		}

	}

	/** A table and its row's columns, compared by identity first. */
	private record LayoutKey(TableName table, List<Column> columns) {

	}

	/**
	 * @param columns the column each property reads, {@code null} where there is none
	 * @param failure why rows of this layout cannot be bound, or {@code null}
	 */
	private record Layout(LayoutKey key, @Nullable String[] columns, @Nullable String failure) {

	}

}
