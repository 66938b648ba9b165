package dev.zero.push.processor;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.zero.push.MutationContext;
import dev.zero.push.MutationMessage;

/**
 * Processes a push as zero-server 1.9.0's {@code handleMutateRequest} does. The body is read
 * and checked, then the query ({@code schema} must be this server's shard schema and
 * {@code appID} its app id), then the push version (1). Each mutation then runs in its own
 * transaction, in order: the client's last mutation id is incremented first; an id below it
 * is answered {@code alreadyProcessed} and an id above it stops the push ({@code oooMutation}),
 * both rolled back; otherwise the mutator runs, and commits with the id. When the mutator
 * fails (or none has the name, or its argument cannot be bound), that transaction rolls back
 * and a second one only advances the id and records the error in the shard's
 * {@code mutations} table, and the mutation's result is that error ({@code app}). When that
 * second transaction fails too, the push stops ({@code database}). Zero's internal
 * {@code _zero_cleanupResults} mutation deletes acknowledged results, without an id or a
 * result of its own. A push that stops is answered {@code PushFailed} with the ids of the
 * mutations not processed.
 */
public final class PushProcessor {

	private static final Logger logger = LoggerFactory.getLogger(PushProcessor.class);

	private final TransactionTemplate transactions;

	private final ShardTables tables;

	private final Mutators mutators;

	private final String appID;

	private final JsonMapper json;

	private final PushBodyReader reader;

	private final PushResponses responses;

	/**
	 * @param transactions the application's transactions, one per mutation
	 * @param tables the shard's tables, on the same {@code DataSource} as the transactions
	 * @param mutators the mutators
	 * @param appID zero-cache's app id, which the shard schema starts with
	 * @param json the application's JSON mapper
	 */
	public PushProcessor(TransactionTemplate transactions, ShardTables tables, Mutators mutators, String appID,
			JsonMapper json) {
		this.transactions = transactions;
		this.tables = tables;
		this.mutators = mutators;
		this.appID = appID;
		this.json = json;
		this.reader = new PushBodyReader(json);
		this.responses = new PushResponses(json);
	}

	/** The shard's tables this processor writes. */
	public ShardTables tables() {
		return this.tables;
	}

	/**
	 * Processes a push.
	 * @param request the request
	 * @return the response's JSON, a {@code MutateResponse} or a {@code PushFailed}
	 */
	public JsonNode process(PushRequest request) {
		PushBody body;
		try {
			body = this.reader.read(request.body());
		}
		catch (PushParseException ex) {
			logger.error("Failed to parse push body: {}", ex.getMessage());
			return this.responses.pushFailed("parse", ex.getMessage(), List.of());
		}
		String queryProblem = queryProblem(request);
		if (queryProblem != null) {
			logger.error(queryProblem);
			return this.responses.pushFailed("parse", queryProblem, body.mutations());
		}
		if (body.pushVersion() != 1) {
			return this.responses.pushFailed("unsupportedPushVersion",
					"Unsupported push version: " + version(body.pushVersion()), body.mutations());
		}
		List<JsonNode> results = new ArrayList<>();
		int processed = 0;
		try {
			for (Mutation mutation : body.mutations()) {
				if (mutation.isCleanup()) {
					cleanup(mutation);
				}
				else if (!mutation.type().equals("custom")) {
					throw new IllegalStateException("Expected custom mutation");
				}
				else {
					results.add(run(body, mutation, request));
				}
				processed++;
			}
			return this.responses.mutateResponse(results);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to process push request {}: {}", body.requestID(), ex.getMessage(), ex);
			String reason = (ex instanceof OutOfOrderMutationException) ? "oooMutation"
					: (ex instanceof DatabaseTransactionException) ? "database" : "internal";
			List<Mutation> unprocessed = body.mutations().subList(processed, body.mutations().size());
			return this.responses.pushFailed(reason, PushResponses.messageOf(ex), unprocessed);
		}
	}

	private @Nullable String queryProblem(PushRequest request) {
		String expected = this.tables.schema();
		if (request.schema() == null || request.appID() == null) {
			return "Failed to parse push query parameters: schema and appID are required";
		}
		if (!expected.equals(request.schema()) || !this.appID.equals(request.appID())) {
			return "Push for schema " + request.schema() + " of app " + request.appID()
					+ " does not match this server's zero-cache shard " + expected + " of app " + this.appID
					+ " (zero.app-id and zero.shard-num must be zero-cache's ZERO_APP_ID and shard number)";
		}
		return null;
	}

	private JsonNode run(PushBody body, Mutation mutation, PushRequest request) {
		MutationContext context = new MutationContext(body.clientGroupID(), mutation.clientID(), mutation.id(),
				mutation.name(), request.bearerToken(), request.principal());
		try {
			this.transactions.executeWithoutResult((status) -> {
				checkAndIncrement(body, mutation);
				this.tables.emitMutationMessage(new MutationMessage(body.clientGroupID(), mutation.clientID(),
						mutation.id(), mutation.name()));
				invoke(mutation, context);
			});
			return this.responses.ok(mutation);
		}
		catch (AlreadyProcessedException ex) {
			logger.warn(ex.getMessage());
			return this.responses.alreadyProcessed(mutation, ex.getMessage());
		}
		catch (OutOfOrderMutationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			Throwable error = (ex instanceof MutatorFailure failure) ? failure.getCause() : ex;
			logger.warn("Mutation {} ({}) of client {} failed, recording its error: {}", mutation.id(),
					mutation.name(), mutation.clientID(), PushResponses.messageOf(error));
			return recordError(body, mutation, error);
		}
	}

	private JsonNode recordError(PushBody body, Mutation mutation, Throwable error) {
		try {
			this.transactions.executeWithoutResult((status) -> {
				checkAndIncrement(body, mutation);
				this.tables.writeResult(body.clientGroupID(), mutation.clientID(), mutation.id(),
						this.json.writeValueAsString(this.responses.appErrorResult(error)));
			});
			return this.responses.appError(mutation, error);
		}
		catch (AlreadyProcessedException ex) {
			logger.warn(ex.getMessage());
			return this.responses.alreadyProcessed(mutation, ex.getMessage());
		}
		catch (OutOfOrderMutationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new DatabaseTransactionException(ex);
		}
	}

	private void checkAndIncrement(PushBody body, Mutation mutation) {
		long last = this.tables.incrementLastMutationID(body.clientGroupID(), mutation.clientID());
		if (mutation.id() < last) {
			throw new AlreadyProcessedException(mutation.clientID(), mutation.id(), last);
		}
		if (mutation.id() > last) {
			throw new OutOfOrderMutationException(mutation.clientID(), mutation.id(), last);
		}
	}

	private void invoke(Mutation mutation, MutationContext context) {
		Mutators.Mutator mutator = this.mutators.find(mutation.name());
		if (mutator == null) {
			// zero-server's message for a name no mutator has
			throw new MutatorFailure(new IllegalArgumentException("could not find mutator " + mutation.name()));
		}
		try {
			mutator.run(mutation.argument(), context);
		}
		catch (Exception ex) {
			throw new MutatorFailure(ex);
		}
	}

	private void cleanup(Mutation mutation) {
		JsonNode args = mutation.argument();
		try {
			String clientGroupID = args.path("clientGroupID").stringValue(null);
			if (clientGroupID == null) {
				logger.warn("Cleanup mutation has invalid args: clientGroupID must be a string");
				return;
			}
			if ("bulk".equals(args.path("type").stringValue(null))) {
				List<String> clientIDs = new ArrayList<>();
				args.path("clientIDs").forEach((id) -> clientIDs.add(id.stringValue(null)));
				if (clientIDs.isEmpty() || clientIDs.contains(null)) {
					logger.warn("Cleanup mutation has invalid args: clientIDs must be strings, at least one");
					return;
				}
				this.transactions.executeWithoutResult((status) -> this.tables.deleteResults(clientGroupID, clientIDs));
			}
			else {
				String clientID = args.path("clientID").stringValue(null);
				JsonNode upTo = args.path("upToMutationID");
				if (clientID == null || !upTo.isNumber()) {
					logger.warn("Cleanup mutation has invalid args: clientID and upToMutationID are required");
					return;
				}
				this.transactions.executeWithoutResult(
						(status) -> this.tables.deleteResults(clientGroupID, clientID, upTo.longValue()));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to process cleanup mutation for client {}: {}", mutation.clientID(), ex.getMessage());
		}
	}

	private static String version(double version) {
		return (version == Math.rint(version)) ? Long.toString((long) version) : Double.toString(version);
	}

	/** What a mutator threw, carried out of the transaction's callback. */
	private static final class MutatorFailure extends RuntimeException {

		MutatorFailure(Throwable cause) {
			super(cause.getMessage(), cause);
		}

	}

}
