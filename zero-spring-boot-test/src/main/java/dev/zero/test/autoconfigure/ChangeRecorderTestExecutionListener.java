package dev.zero.test.autoconfigure;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Clears the {@link ChangeRecorder} of a test's application context after each test method,
 * as Spring Boot resets its mocks, so that a test of a shared context sees only the changes
 * since the test before it. Never loads a context that is not loaded yet.
 */
public class ChangeRecorderTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeanProvider(ChangeRecorder.class).ifUnique(ChangeRecorder::clear);
	}

}
