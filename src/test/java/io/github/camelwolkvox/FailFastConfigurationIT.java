package io.github.camelwolkvox;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.component.WolkvoxEndpoint;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The job started as a new user would, with each misconfiguration of issue 13: the start fails with
 * one line naming the setting and its environment variable, before any Wolkvox call.
 */
class FailFastConfigurationIT {

    /** A real Wolkvox stand-in, started apart from the job: any call the job made would be counted here. */
    private static final WolkvoxSandbox WOLKVOX = new WolkvoxSandbox(0);

    @TempDir
    Path data;

    private Main main;

    @BeforeAll
    static void startWolkvox() {
        WOLKVOX.start();
    }

    @AfterAll
    static void stopWolkvox() {
        WOLKVOX.stop();
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        assertThat(WOLKVOX.requests()).as("no call reached Wolkvox").isZero();
    }

    private String startFailure(Map<String, String> overrides) {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.putAll(overrides);
        Throwable failure = catchThrowable(() -> main = TestApplication.start(settings));
        assertThat(failure).as("the start should have failed").isNotNull();
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root.getMessage()).doesNotContain("\n");
        return root.getMessage();
    }

    @Test
    void aServerWithoutItsTokenFailsInsteadOfRunningInSandboxMode() {
        assertThat(startFailure(Map.of("wolkvox.server", "0012")))
                .contains("No Wolkvox token for account 'default'", "wolkvox.token", "WOLKVOX_TOKEN");
    }

    @Test
    void aNamedAccountWithOnlyAServerFailsNamingItsTokenSetting() {
        assertThat(startFailure(Map.of("wolkvox.accounts.bogota.base-url", WOLKVOX.baseUrl())))
                .contains("account 'bogota'", "wolkvox.accounts.bogota.token", "WOLKVOX_ACCOUNTS_BOGOTA_TOKEN");
    }

    @Test
    void aMisspeltAccountNameFailsTheStart() {
        assertThat(startFailure(Map.of("wolkvox.token", "tok-default", "wolkvox.base-url", WOLKVOX.baseUrl(),
                "wolkvox.accounts.bogota.token", "tok-bogota", "wolkvox.accounts.bogota.base-url", WOLKVOX.baseUrl(),
                "wolkvox.activity-codes.account", "bogta")))
                .contains("No Wolkvox token for account 'bogta'", "wolkvox.accounts.bogta.token", "spelt right");
    }

    @Test
    void aHostThatDoesNotExistFailsTheStartNamingTheSetting() {
        assertThat(startFailure(Map.of("wolkvox.token", "tok-x", "wolkvox.base-url", "https://wv0012.wolkvox.invalid")))
                .contains("wv0012.wolkvox.invalid", "does not exist", "wolkvox.base-url", "WOLKVOX_BASE_URL");
    }

    @Test
    void theFriendlyNameAndCamelsOwnOptionSetDifferentlyFailTheStart() {
        assertThat(startFailure(Map.of("wolkvox.read-timeout", "7000",
                "camel.component.wolkvox.configuration.read-timeout", "5000")))
                .contains("wolkvox.read-timeout", "WOLKVOX_READ_TIMEOUT", "camel.component.wolkvox.configuration.read-timeout", "set only one");
    }

    @Test
    void camelsOwnComponentOptionWorksAndAnEndpointOptionWinsOverIt() throws Exception {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.sandbox.tour", "false");
        settings.put("camel.component.wolkvox.configuration.read-timeout", "5000");
        main = TestApplication.start(settings);
        WolkvoxComponent wolkvox = main.getCamelContext().getComponent("wolkvox", WolkvoxComponent.class);
        assertThat(wolkvox.getConfiguration().getReadTimeout()).isEqualTo(5000);
        assertThat(main.getCamelContext().getEndpoint("wolkvox:connectors", WolkvoxEndpoint.class).getConfiguration().getReadTimeout())
                .isEqualTo(5000);
        assertThat(main.getCamelContext().getEndpoint("wolkvox:connectors?readTimeout=1234", WolkvoxEndpoint.class)
                .getConfiguration().getReadTimeout()).isEqualTo(1234);
    }

    @Test
    void aManagementPortInUseFailsTheStartNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(startFailure(Map.of("wolkvox.management.port", String.valueOf(taken.getLocalPort()))))
                    .contains("wolkvox.management.port", "WOLKVOX_MANAGEMENT_PORT");
        }
    }

    @Test
    void anInboxThatCannotBeCreatedNamesTheFolderAndTheSetting() throws Exception {
        Path notAFolder = Files.writeString(data.resolve("a-file"), "x");
        assertThat(startFailure(Map.of("wolkvox.activity-codes.inbox", notAFolder.resolve("inbox").toString())))
                .contains("wolkvox.activity-codes.inbox", "WOLKVOX_ACTIVITY_CODES_INBOX", notAFolder.resolve("inbox").toString());
    }

    @Test
    void sandboxModeShowsInTheMetricsAndHealthHasNoDetailsByDefault() throws Exception {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.sandbox.tour", "false");
        main = TestApplication.start(settings);
        String management = "http://127.0.0.1:" + settings.get("wolkvox.management.port");
        main.getCamelContext().createProducerTemplate().requestBody("wolkvox:connectors", (Object) null);

        await().until(() -> get(management + "/observe/health/ready").statusCode() == 200);
        // wolkvox.management.details=false (the default): the state only, even when data is asked for
        String health = get(management + "/observe/health/ready?data=true&stackTrace=true").body();
        assertThat(health).contains("\"status\":\"UP\"").doesNotContain("queueDepth", "lastOutcome", "\"mode\"");
        assertThat(get(management + "/observe/metrics").body()).contains("wolkvox_mode{mode=\"sandbox\"} 1.0");

        // An account that is DOWN: the state and the reason, still without details.
        catchThrowable(() -> main.getCamelContext().createProducerTemplate()
                .requestBody("wolkvox:connectors?account=ops&token=invalid-ops-token", (Object) null));
        HttpResponse<String> down = get(management + "/observe/health/ready?data=true");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("account ops DOWN since", "TOKEN_REFUSED").doesNotContain("queueDepth", "invalid-ops-token");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
