package io.github.camelwolkvox.component;

import java.time.Instant;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;

/** At most one pull of a report per 5 minutes per token, API and query, whoever asks; served with its age. */
class PullCadenceIT {

    private static SandboxedContext wolkvox;
    private static WolkvoxSandbox sandbox;
    private static CamelContext context;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        wolkvox = SandboxedContext.on("tok-cadence-default");
        wolkvox.set("wolkvox.accounts.other.token", "tok-cadence-other")
                .set("wolkvox.accounts.other.base-url", wolkvox.sandbox.baseUrl()).start();
        sandbox = wolkvox.sandbox;
        context = wolkvox.context;
        template = wolkvox.template;
    }

    @AfterAll
    static void stop() {
        wolkvox.close();
    }

    @AfterEach
    void reset() {
        sandbox.setFaults(0, Set.of(), 1);
    }

    @Test
    void aSecondPullWithinTheIntervalIsServedTheLatestAnswerWithItsAge() {
        long before = sandbox.requests();
        Exchange first = template.request("wolkvox:skills", e -> { });
        // another endpoint, the generic call of the same API: the same report of the same token
        Exchange second = template.request("wolkvox:call?file=information.php&api=skills", e -> { });
        assertThat(sandbox.requests()).isEqualTo(before + 1);
        assertThat(first.getMessage().getHeader(WolkvoxConstants.ANSWER_AGE_MILLIS)).isEqualTo(0L);
        String pulledAt = first.getMessage().getHeader(WolkvoxConstants.ANSWERED_AT, String.class);
        assertThat(Instant.parse(pulledAt)).isBefore(Instant.now().plusMillis(1));
        assertThat(second.getMessage().getHeader(WolkvoxConstants.ANSWERED_AT)).isEqualTo(pulledAt);
        assertThat(second.getMessage().getHeader(WolkvoxConstants.ANSWER_AGE_MILLIS, Long.class)).isGreaterThanOrEqualTo(0L);
        assertThat(second.getMessage().getBody(java.util.List.class)).hasSize(3);
    }

    @Test
    void anotherTokenOrAnotherQueryIsAnotherReport() {
        template.requestBody("wolkvox:call?file=reports_manager&api=agent_1&query.date_ini=20260101000000&query.date_end=20260102000000", (Object) null);
        long before = sandbox.requests();
        template.requestBody("wolkvox:call?file=reports_manager&api=agent_1&query.date_ini=20260101000000&query.date_end=20260102000000&account=other", (Object) null);
        template.requestBody("wolkvox:call?file=reports_manager&api=agent_1&query.date_ini=20260103000000&query.date_end=20260104000000", (Object) null);
        assertThat(sandbox.requests()).isEqualTo(before + 2);
    }

    @Test
    void aFailedPullIsNotServedAgain() {
        sandbox.setFaults(1.0, Set.of(SandboxFault.ERROR_IN_200), 1);
        assertThat(template.request("wolkvox:campaigns", e -> { }).getException()).isInstanceOf(WolkvoxApiException.class);
        sandbox.setFaults(0, Set.of(), 1);
        long before = sandbox.requests();
        assertThat(template.request("wolkvox:campaigns", e -> { }).getException()).isNull();
        assertThat(sandbox.requests()).isEqualTo(before + 1);
    }

    @Test
    void minPullIntervalZeroLiftsTheRuleAndWritesAreNeverServed() {
        long before = sandbox.requests();
        template.requestBody("wolkvox:agents?minPullInterval=0", (Object) null);
        template.requestBody("wolkvox:agents?minPullInterval=0", (Object) null);
        template.requestBody("wolkvox:call?file=sms&api=send_sms", "{\"telephone\":\"300\",\"message\":\"a\"}");
        template.requestBody("wolkvox:call?file=sms&api=send_sms", "{\"telephone\":\"300\",\"message\":\"a\"}");
        assertThat(sandbox.requests()).isEqualTo(before + 4);
    }
}
