package io.github.camelwolkvox.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.camelwolkvox.component.TokenWaitTimeoutException;
import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.component.WolkvoxFailure;
import io.github.camelwolkvox.component.WolkvoxOperation;
import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;
import io.github.camelwolkvox.queue.RequestQueue.Outcome;

/** What a failed request becomes: the decision that keeps a customer from being dialled twice. */
class RequestQueueTest {

    private final RequestQueue queue = new RequestQueue();

    @BeforeEach
    void settings() {
        queue.setMaxAttempts(4);
        queue.setInitialDelay(100);
        queue.setMultiplier(2);
        queue.setMaxDelay(300);
    }

    private static WolkvoxApiException failure(WolkvoxOperation op, WolkvoxFailure kind) {
        return new WolkvoxApiException(op, kind, 0, null, null, "detail of " + kind, null);
    }

    @ParameterizedTest
    @EnumSource(value = WolkvoxFailure.class, names = {"CONNECT_FAILED", "TOKEN_BUSY"})
    void aCallThatCannotHaveReachedWolkvoxIsRetriedWithBackOffUpToMaxAttempts(WolkvoxFailure kind) {
        for (WolkvoxOperation op : List.of(WolkvoxOperation.dial, WolkvoxOperation.addInteraction)) {
            Outcome first = queue.outcomeOf(failure(op, kind), 1);
            assertThat(first.status()).isEqualTo(RequestStatus.PENDING);
            assertThat(first.retryDelayMillis()).isEqualTo(100);
            assertThat(first.error()).contains("attempt 1 did not reach Wolkvox", kind.name());
            assertThat(queue.outcomeOf(failure(op, kind), 3).status()).isEqualTo(RequestStatus.PENDING);

            Outcome last = queue.outcomeOf(failure(op, kind), 4);
            assertThat(last.status()).isEqualTo(RequestStatus.FAILED);
            assertThat(last.error()).contains("gave up after 4 attempts");
        }
    }

    @ParameterizedTest
    @EnumSource(value = WolkvoxFailure.class, names = {"OUTCOME_UNKNOWN", "MALFORMED_RESPONSE", "SERVER_ERROR"})
    void aCallThatMayHaveBeenCarriedOutIsUnknownAndNeverRetried(WolkvoxFailure kind) {
        for (WolkvoxOperation op : List.of(WolkvoxOperation.dial, WolkvoxOperation.addInteraction)) {
            Outcome outcome = queue.outcomeOf(failure(op, kind), 1);
            assertThat(outcome.status()).isEqualTo(RequestStatus.UNKNOWN);
            assertThat(outcome.retryDelayMillis()).isZero();
            assertThat(outcome.error()).contains("outcome unknown, not retried", kind.name());
        }
    }

    @Test
    void aRefusedCallFailsWithTheVendorsMessage() {
        WolkvoxApiException refused = new WolkvoxApiException(WolkvoxOperation.dial, WolkvoxFailure.REJECTED, 200, "400",
                "Bad request", "customer_phone is not a valid phone number", null);
        Outcome outcome = queue.outcomeOf(refused, 1);
        assertThat(outcome.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(outcome.error()).contains("code 400", "customer_phone is not a valid phone number");
    }

    @Test
    void anInvalidRequestIsRejectedNamingTheField() {
        Outcome outcome = queue.outcomeOf(new WolkvoxValidationException(List.of(new FieldError("agent_id", "is required"))), 1);
        assertThat(outcome.status()).isEqualTo(RequestStatus.REJECTED);
        assertThat(outcome.error()).isEqualTo("invalid request, not sent: agent_id: is required");
    }

    @Test
    void noTurnOnTheTokenMeansTheCallWasNotMade() {
        Outcome outcome = queue.outcomeOf(new TokenWaitTimeoutException("default", Duration.ofSeconds(300), 7), 1);
        assertThat(outcome.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(outcome.error()).contains("the call was not made");
    }

    @Test
    void aFailureFoundInTheCauseChainIsClassifiedByIt() {
        RuntimeException wrapped = new RuntimeCamelException(failure(WolkvoxOperation.dial, WolkvoxFailure.CONNECT_FAILED));
        assertThat(queue.outcomeOf(wrapped, 1).status()).isEqualTo(RequestStatus.PENDING);
    }

    @Test
    void anythingElseIsUnknownBecauseTheCallMayHaveBeenMade() {
        Outcome outcome = queue.outcomeOf(new IllegalStateException("boom"), 1);
        assertThat(outcome.status()).isEqualTo(RequestStatus.UNKNOWN);
        assertThat(outcome.error()).contains("boom");
    }

    @Test
    void theBackOffGrowsByTheMultiplierUpToTheMaximum() {
        assertThat(List.of(1, 2, 3, 4, 10).stream().map(queue::retryDelayMillis)).containsExactly(100L, 200L, 300L, 300L, 300L);
    }

    @Test
    void aLongErrorIsCutToTheColumnSize() {
        Outcome outcome = queue.outcomeOf(new IllegalStateException("x".repeat(5000)), 1);
        assertThat(outcome.error()).hasSize(2000).endsWith("...");
    }
}
