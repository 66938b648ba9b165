package dev.zero.autoconfigure;

import java.sql.SQLException;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.zero.autoconfigure.ZeroEndpoint.ActionResult;

/**
 * The write operations of {@code /actuator/zero} over HTTP: a request the endpoint refuses
 * answers {@code 400} (an unknown action, a table that is not published, a name that is not
 * one) or {@code 409} (nothing to act on, replication being switched off) with the reason in
 * the body, where Spring Boot's error page would leave it out
 * ({@code server.error.include-message=never}) or answer {@code 500}.
 */
@EndpointWebExtension(endpoint = ZeroEndpoint.class)
public class ZeroEndpointWebExtension {

	private final ZeroEndpoint endpoint;

	public ZeroEndpointWebExtension(ZeroEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * {@code POST /actuator/zero/reset} and {@code POST /actuator/zero/decommission}.
	 */
	@WriteOperation
	public WebEndpointResponse<Object> run(@Selector String action) throws SQLException {
		return respond(action, () -> this.endpoint.run(action));
	}

	/**
	 * {@code POST /actuator/zero/resync/public.todo,public.todo_list}.
	 */
	@WriteOperation
	public WebEndpointResponse<Object> run(@Selector String action, @Selector String tables) throws SQLException {
		return respond(action, () -> this.endpoint.run(action, tables));
	}

	private static WebEndpointResponse<Object> respond(String action, Operation operation) throws SQLException {
		try {
			return new WebEndpointResponse<>(operation.run());
		}
		catch (InvalidEndpointRequestException ex) {
			return new WebEndpointResponse<>(new ActionRefused(action, String.valueOf(ex.getReason())),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (IllegalStateException ex) {
			return new WebEndpointResponse<>(new ActionRefused(action, String.valueOf(ex.getMessage())), 409);
		}
	}

	@FunctionalInterface
	private interface Operation {

		ActionResult run() throws SQLException;

	}

	/**
	 * Why an action was refused, as JSON.
	 */
	public record ActionRefused(String action, String error) {

	}

}
