package dev.zero.upstream;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.util.PSQLException;

/**
 * Where the replication upstream is, how to log in to it and how long to wait for it. Every
 * connection the starter opens comes from here, so that credentials and timeouts are handled
 * in one place: credentials are never part of {@link #toString()}, {@link #redact(String)}
 * masks them where a text carries them (and nothing else), and {@link #explain(SQLException)}
 * says what went wrong without them.
 */
public final class Upstream {

	/** How long opening a connection may take, unless configured otherwise. */
	private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/** How long checks and provisioning wait for an answer, unless configured otherwise. */
	private static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

	private static final String MASK = "******";

	/** {@code password=value} in a query string or a message; the value ends at & ; or a blank. */
	private static final Pattern PASSWORD_PAIR = Pattern.compile("(?i)(password=)[^&;\\s]*");

	/** The password of a URL's user-info: {@code scheme://user:password@host}. */
	private static final Pattern USER_INFO = Pattern.compile("(://[^/:@\\s]*:)[^/@\\s]*(?=@)");

	/** How long opening a connection to one host of a multi-host URL may take at most. */
	private static final Duration HOST_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** URL parameters that choose among the hosts of a multi-host URL. */
	private static final Set<String> HOST_SELECTION = Set.of("targetservertype", "loadbalancehosts",
			"hostrecheckseconds");

	private static final String UNABLE_TO_CONNECT = "08001";

	private static final String PROTOCOL_VIOLATION = "08P01";

	/** How long an identifier, {@code application_name} among them, may be in PostgreSQL. */
	private static final int MAX_NAME_BYTES = 63;

	private final String jdbcUrl;

	private final @Nullable String username;

	private final @Nullable String password;

	/** The prefix of the connections' {@code application_name}, such as {@code zero/app_0}. */
	private final String applicationName;

	/** The role the connections name after the prefix, or {@code null}. */
	private final @Nullable String role;

	private final Duration connectTimeout;

	private final Duration queryTimeout;

	private final @Nullable Properties parsedUrl;

	private final TcpKeepalive tcpKeepalive;

	private Upstream(String jdbcUrl, @Nullable String username, @Nullable String password, String applicationName,
			Duration connectTimeout, Duration queryTimeout, TcpKeepalive tcpKeepalive) {
		this(jdbcUrl, username, password, applicationName, null, connectTimeout, queryTimeout, tcpKeepalive);
	}

	private Upstream(String jdbcUrl, @Nullable String username, @Nullable String password, String applicationName,
			@Nullable String role, Duration connectTimeout, Duration queryTimeout, TcpKeepalive tcpKeepalive) {
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
		this.applicationName = applicationName;
		this.role = role;
		this.connectTimeout = connectTimeout;
		this.queryTimeout = queryTimeout;
		this.parsedUrl = (jdbcUrl != null) ? Driver.parseURL(jdbcUrl, null) : null;
		this.tcpKeepalive = tcpKeepalive;
	}

	/**
	 * An upstream with the default timeouts.
	 * @param jdbcUrl the JDBC URL ({@code jdbc:postgresql://host:port/database?...})
	 * @param username the role to log in as, or {@code null} to take it from the URL
	 * @param password the password, or {@code null}
	 * @param applicationName the {@code application_name} the connections show in
	 * {@code pg_stat_activity}, followed by their role once {@link #named named}
	 */
	public static Upstream of(String jdbcUrl, @Nullable String username, @Nullable String password,
			String applicationName) {
		return new Upstream(jdbcUrl, username, password, applicationName, DEFAULT_CONNECT_TIMEOUT,
				DEFAULT_QUERY_TIMEOUT, TcpKeepalive.DEFAULTS);
	}

	/**
	 * The same upstream with other timeouts.
	 * @param connectTimeout how long opening a connection (TCP, TLS and login) may take; pgjdbc
	 * counts whole seconds, so it is rounded up to one
	 * @param queryTimeout how long a check or provisioning connection waits for any answer
	 */
	public Upstream withTimeouts(Duration connectTimeout, Duration queryTimeout) {
		return new Upstream(this.jdbcUrl, this.username, this.password, this.applicationName, this.role, connectTimeout,
				queryTimeout, this.tcpKeepalive);
	}

	/**
	 * The same upstream with other TCP keepalive timing for its connections.
	 */
	public Upstream withTcpKeepalive(TcpKeepalive tcpKeepalive) {
		return new Upstream(this.jdbcUrl, this.username, this.password, this.applicationName, this.role, this.connectTimeout,
				this.queryTimeout, tcpKeepalive);
	}

	/**
	 * Whether the URL is one the PostgreSQL JDBC driver accepts.
	 */
	/**
	 * The same upstream whose connections name {@code role} in {@code pg_stat_activity}:
	 * {@code application_name} becomes the prefix given to {@link #of}, a slash and the role
	 * ({@code zero/app_0/stream}), the prefix shortened to fit PostgreSQL's 63 bytes.
	 * @param role what the connections are for, such as {@code stream}, {@code monitor},
	 * {@code checks}, {@code sync}, {@code resync} or {@code dead-letters}
	 */
	public Upstream named(String role) {
		return new Upstream(this.jdbcUrl, this.username, this.password, this.applicationName, role,
				this.connectTimeout, this.queryTimeout, this.tcpKeepalive);
	}

	/** The {@code application_name} the connections show in {@code pg_stat_activity}. */
	public String applicationName() {
		return applicationName(this.applicationName, this.role);
	}

	/** {@code prefix/role} within PostgreSQL's 63 bytes, the prefix shortened when needed. */
	static String applicationName(String prefix, @Nullable String role) {
		String suffix = (role != null) ? "/" + role : "";
		String name = prefix;
		while (!name.isEmpty() && (name + suffix).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
			name = name.substring(0, name.offsetByCodePoints(name.length(), -1));
		}
		String named = name + suffix;
		while (named.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
			named = named.substring(0, named.offsetByCodePoints(named.length(), -1));
		}
		return named;
	}

	public boolean isPostgresUrl() {
		return this.parsedUrl != null;
	}

	/** The role connections log in as, from the settings or the URL; may be {@code null}. */
	public @Nullable String username() {
		if (this.username != null && !this.username.isEmpty()) {
			return this.username;
		}
		return (this.parsedUrl != null) ? this.parsedUrl.getProperty("user") : null;
	}

	/** The first host named by the URL, or {@code null}. */
	public @Nullable String host() {
		return (this.parsedUrl != null) ? first(this.parsedUrl.getProperty("PGHOST")) : null;
	}

	/** The first port named by the URL, or 5432. */
	public int port() {
		String port = (this.parsedUrl != null) ? first(this.parsedUrl.getProperty("PGPORT")) : null;
		return (port != null) ? Integer.parseInt(port) : 5432;
	}

	/**
	 * Every host the URL names with its port, in the URL's order: one for a single-host URL,
	 * several for {@code jdbc:postgresql://h1:p1,h2:p2/db}; empty when the URL is not
	 * PostgreSQL's.
	 */
	public List<Host> hosts() {
		if (this.parsedUrl == null) {
			return List.of();
		}
		String[] hosts = this.parsedUrl.getProperty("PGHOST", "localhost").split(",");
		String[] ports = this.parsedUrl.getProperty("PGPORT", "5432").split(",");
		List<Host> result = new ArrayList<>();
		for (int i = 0; i < hosts.length; i++) {
			result.add(new Host(hosts[i], Integer.parseInt((i < ports.length) ? ports[i] : "5432")));
		}
		return List.copyOf(result);
	}

	/**
	 * This upstream on {@code host} alone, whatever that server is (primary or standby): the
	 * URL with that one host and without the parameters that choose among hosts
	 * ({@code targetServerType}, {@code loadBalanceHosts}, {@code hostRecheckSeconds}); the
	 * same credentials, and a connect timeout of at most 5 seconds.
	 * @param host one of {@link #hosts()}
	 */
	public Upstream onHost(Host host) {
		String prefix = "jdbc:postgresql:";
		String rest = this.jdbcUrl.substring(prefix.length());
		if (rest.startsWith("//")) {
			int end = 2;
			while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
				end++;
			}
			rest = rest.substring(end);
		}
		else {
			rest = "/" + rest;
		}
		int query = rest.indexOf('?');
		String path = (query >= 0) ? rest.substring(0, query) : rest;
		String parameters = (query < 0) ? "" : Stream.of(rest.substring(query + 1).split("&"))
			.filter((pair) -> !pair.isEmpty()
					&& !HOST_SELECTION.contains(pair.split("=", 2)[0].toLowerCase(Locale.ROOT)))
			.collect(Collectors.joining("&"));
		String name = (host.name().contains(":") && !host.name().startsWith("[")) ? "[" + host.name() + "]" : host.name();
		String url = prefix + "//" + name + ":" + host.port() + path + (parameters.isEmpty() ? "" : "?" + parameters);
		Duration connectTimeout = (this.connectTimeout.compareTo(HOST_CONNECT_TIMEOUT) < 0) ? this.connectTimeout
				: HOST_CONNECT_TIMEOUT;
		return new Upstream(url, this.username, this.password, this.applicationName, this.role, connectTimeout,
				this.queryTimeout, this.tcpKeepalive);
	}

	public @Nullable String database() {
		return (this.parsedUrl != null) ? this.parsedUrl.getProperty("PGDBNAME") : null;
	}

	/** A URL parameter such as {@code sslmode}, or {@code null}. */
	public @Nullable String urlParameter(String name) {
		return (this.parsedUrl != null) ? this.parsedUrl.getProperty(name) : null;
	}

	/**
	 * Opens an ordinary connection that waits at most the query timeout for any answer: for
	 * checks, provisioning and short bookkeeping.
	 */
	public Connection connect() throws SQLException {
		return open(properties(), this.queryTimeout);
	}

	/**
	 * Opens an ordinary connection that waits for answers as long as they take: for copies,
	 * which may be silent for long (a row filter that matches nothing in a large table).
	 */
	public Connection connectForCopy() throws SQLException {
		return open(properties(), Duration.ZERO);
	}

	/**
	 * Opens a replication-protocol connection ({@code replication=database}) that waits at most
	 * the query timeout for any answer: to try one out.
	 */
	public Connection connectForReplication() throws SQLException {
		return open(replicationProperties(), this.queryTimeout);
	}

	/**
	 * Opens a replication-protocol connection ({@code replication=database}) to read a slot
	 * through. It waits for answers as long as they take: a slot can be quiet for hours, and
	 * the stream has keepalives and status updates of its own. Unless the URL names a socket
	 * factory of its own, its socket is a {@code ReplicationStreamSocket}.
	 */
	public Connection connectForStreaming() throws SQLException {
		Properties properties = replicationProperties();
		if (KeepaliveSocketFactory.class.getName().equals(PGProperty.SOCKET_FACTORY.getOrNull(properties))) {
			PGProperty.SOCKET_FACTORY_ARG.set(properties, KeepaliveSocketFactory.streamArg(this.tcpKeepalive));
		}
		return open(properties, Duration.ZERO);
	}

	/**
	 * Masks credentials where {@code text} carries them as credentials: the value of
	 * {@code password=} pairs (in query strings and messages) and the password of a URL's
	 * user-info. The same characters anywhere else (a port, a user name) stay as they are.
	 */
	public @Nullable String redact(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String result = text;
		// the known password first: it may contain the characters that end a value (&, /, @)
		for (String secret : secrets()) {
			String quoted = Pattern.quote(secret);
			result = mask(result, Pattern.compile("(?i)(password=)" + quoted + "(?![^&;\\s])"));
			result = mask(result, Pattern.compile("(://[^/:@\\s]*:)" + quoted + "(?=@)"));
		}
		return mask(mask(result, PASSWORD_PAIR), USER_INFO);
	}

	/**
	 * What went wrong, in words and without credentials: the failures of {@code connect...}
	 * say it already (no answer within the connect timeout, an unknown host, a server that is
	 * not PostgreSQL); a read that timed out says so; anything else is the driver's message,
	 * redacted.
	 */
	public String explain(SQLException ex) {
		if (ex instanceof ConnectFailure) {
			return ex.getMessage();
		}
		if (cause(ex, SocketTimeoutException.class) != null) {
			return noAnswer(this.queryTimeout);
		}
		return redact(ex.getMessage());
	}

	/**
	 * Whether {@code ex}, a failure to connect, is that nothing answered as PostgreSQL within
	 * the connect timeout: a server that accepted the connection and never answered (another
	 * service on that port, a proxy or firewall holding it), or no TCP answer at all.
	 * @param ex what {@link #connect()} (or another connect method) threw
	 * @return whether nothing answered in time
	 */
	public static boolean isUnanswered(SQLException ex) {
		return ex instanceof ConnectFailure failure && failure.unanswered;
	}

	/**
	 * Where the upstream is, without credentials: {@code host:port/database}.
	 */
	public String describe() {
		if (this.parsedUrl == null) {
			String url = (this.jdbcUrl != null) ? this.jdbcUrl : "(no URL)";
			int query = url.indexOf('?');
			return redact((query >= 0) ? url.substring(0, query) : url);
		}
		return address() + "/" + database();
	}

	@Override
	public String toString() {
		return describe();
	}

	private Connection open(Properties properties, Duration readTimeout) throws SQLException {
		if (this.parsedUrl == null) {
			throw new SQLException("The upstream URL " + describe()
					+ " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)", UNABLE_TO_CONNECT);
		}
		long started = System.nanoTime();
		Connection connection;
		try {
			connection = DriverManager.getConnection(this.jdbcUrl, properties);
		}
		catch (SQLException ex) {
			SQLException failure = connectFailure(ex, System.nanoTime() - started);
			failure.setStackTrace(ex.getStackTrace());
			throw failure;
		}
		try {
			// The login was bounded by the connect timeout; from here on, reads wait as long as
			// this connection's use allows (0: as long as it takes).
			connection.setNetworkTimeout(Runnable::run, (int) readTimeout.toMillis());
			return connection;
		}
		catch (SQLException ex) {
			connection.close();
			throw new ConnectFailure(explain(ex), ex.getSQLState(), null);
		}
	}

	/**
	 * The driver's failure to connect, rebuilt from words that carry no credentials. Only
	 * network causes (an {@link IOException}: unknown host, refused, timed out) are kept; the
	 * driver's own exceptions could carry what the server or the URL said.
	 */
	private SQLException connectFailure(SQLException ex, long elapsedNanos) {
		IOException io = cause(ex, IOException.class);
		UnknownHostException unknownHost = cause(ex, UnknownHostException.class);
		if (unknownHost != null) {
			return new ConnectFailure("unknown host " + unknownHost.getMessage(), UNABLE_TO_CONNECT, unknownHost);
		}
		// pgjdbc's login timeout ends the attempt with a causeless 08001 whose text depends on
		// the locale: it is recognized by the time it took
		boolean loginTimedOut = UNABLE_TO_CONNECT.equals(ex.getSQLState()) && ex.getCause() == null
				&& elapsedNanos >= TimeUnit.SECONDS.toNanos(loginSeconds()) - TimeUnit.MILLISECONDS.toNanos(50);
		if (loginTimedOut || io instanceof SocketTimeoutException) {
			return new ConnectFailure(noAnswer(Duration.ofSeconds(loginSeconds())), UNABLE_TO_CONNECT, io, true);
		}
		if (PROTOCOL_VIOLATION.equals(ex.getSQLState())
				&& !(ex instanceof PSQLException psql && psql.getServerErrorMessage() != null)) {
			// what came back was no PostgreSQL message: an HTTP server, another database, ...
			return new ConnectFailure("this is not a PostgreSQL server: " + address()
					+ " answered in another protocol; check the host and port", PROTOCOL_VIOLATION, null);
		}
		return new ConnectFailure(redact(ex.getMessage()), ex.getSQLState(), io);
	}

	private String noAnswer(Duration timeout) {
		long millis = timeout.toMillis();
		return "no answer from " + address() + " within "
				+ ((millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms");
	}

	private String address() {
		return host() + ":" + port();
	}

	private Properties properties() {
		Properties properties = new Properties();
		if (this.username != null && !this.username.isEmpty()) {
			PGProperty.USER.set(properties, this.username);
		}
		if (this.password != null) {
			PGProperty.PASSWORD.set(properties, this.password);
		}
		PGProperty.APPLICATION_NAME.set(properties, applicationName());
		int loginSeconds = loginSeconds();
		PGProperty.CONNECT_TIMEOUT.set(properties, loginSeconds);
		PGProperty.LOGIN_TIMEOUT.set(properties, loginSeconds);
		// The login timeout gives up waiting, but the driver's login thread goes on reading:
		// bound its reads, and the answer to the TLS request, by the same time.
		PGProperty.SOCKET_TIMEOUT.set(properties, loginSeconds);
		PGProperty.SSL_RESPONSE_TIMEOUT.set(properties, loginSeconds * 1000);
		PGProperty.TCP_KEEP_ALIVE.set(properties, true);
		if (urlParameter(PGProperty.SOCKET_FACTORY.getName()) == null) {
			// a silent connection on a dead network is given up within a minute, not hours (a
			// socket factory the URL names, such as a cloud provider's, is left to do its job)
			PGProperty.SOCKET_FACTORY.set(properties, KeepaliveSocketFactory.class.getName());
			PGProperty.SOCKET_FACTORY_ARG.set(properties, this.tcpKeepalive.socketFactoryArg());
		}
		return properties;
	}

	private Properties replicationProperties() {
		Properties properties = properties();
		PGProperty.REPLICATION.set(properties, "database");
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
		PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
		return properties;
	}

	private int loginSeconds() {
		return (int) Math.max(1, (this.connectTimeout.toMillis() + 999) / 1000);
	}

	/** The password as configured and as the URL names it, each also URL-encoded; longest first. */
	private List<String> secrets() {
		return Stream.of(this.password, (this.parsedUrl != null) ? this.parsedUrl.getProperty("password") : null)
			.filter((secret) -> secret != null && !secret.isEmpty())
			.flatMap((secret) -> {
				String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
				return Stream.of(secret, encoded, encoded.replace("+", "%20"));
			})
			.distinct()
			.sorted(Comparator.comparingInt(String::length).reversed())
			.toList();
	}

	/** Replaces what follows group 1 of each match with the mask. */
	private static String mask(String text, Pattern credential) {
		return credential.matcher(text).replaceAll((match) -> Matcher.quoteReplacement(match.group(1) + MASK));
	}

	private static <T extends Throwable> @Nullable T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static @Nullable String first(@Nullable String commaSeparated) {
		if (commaSeparated == null) {
			return null;
		}
		int comma = commaSeparated.indexOf(',');
		return (comma >= 0) ? commaSeparated.substring(0, comma) : commaSeparated;
	}

	/**
	 * A host of the URL and its port.
	 *
	 * @param name the host name or address
	 * @param port its port
	 */
	public record Host(String name, int port) {

		/** {@code name:port}. */
		@Override
		public String toString() {
			return this.name + ":" + this.port;
		}

	}

	/**
	 * A failure to connect, already in words without credentials.
	 */
	private static final class ConnectFailure extends SQLException {

		private static final long serialVersionUID = 1L;

		private final boolean unanswered;

		ConnectFailure(@Nullable String message, @Nullable String sqlState, @Nullable Throwable cause) {
			this(message, sqlState, cause, false);
		}

		ConnectFailure(@Nullable String message, @Nullable String sqlState, @Nullable Throwable cause,
				boolean unanswered) {
			super(message, sqlState, cause);
			this.unanswered = unanswered;
		}

	}

}
