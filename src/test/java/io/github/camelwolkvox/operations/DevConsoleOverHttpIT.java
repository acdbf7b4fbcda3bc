package io.github.camelwolkvox.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.console.DevConsole;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.TestApplication;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dev console {@code wolkvox} on the job's management port, over real HTTP, with secrets set: a
 * token (default and named account), REST API keys, a database password, a callback secret. It
 * answers in text and JSON, and no path under /q/dev shows any secret (Camel's own consoles that
 * would are not served).
 */
class DevConsoleOverHttpIT {

    private static final String TOKEN = "tok-DEVCONSOLE-7f3a9c";
    private static final String BOGOTA_TOKEN = "tok-BOGOTA-51d2e8";
    private static final String API_KEY = "key-REST-0b6e44";
    private static final String DB_PASSWORD = "pw-DB-93c1aa";
    private static final String CALLBACK_SECRET = "cb-SECRET-2d7f10";
    private static final List<String> SECRETS = List.of(TOKEN, BOGOTA_TOKEN, API_KEY, DB_PASSWORD, CALLBACK_SECRET);
    /** The consoles of Camel on the job's class path and of camel-console, by id; and the index. */
    private static final List<String> PATHS = List.of("/q/dev", "/q/dev/", "/q/dev/index", "/q/dev/all", "/q/dev/wolkvox",
            "/q/dev/properties", "/q/dev/env", "/q/dev/system-properties", "/q/dev/main-configuration", "/q/dev/bean-model",
            "/q/dev/bean", "/q/dev/variables", "/q/dev/context", "/q/dev/route", "/q/dev/micrometer", "/q/dev/platform-http",
            "/q/dev/main-http-server", "/q/dev/quartz", "/q/dev/health", "/q/dev/java-security", "/q/dev/jvm");

    @TempDir
    static Path data;

    private static final WolkvoxSandbox SANDBOX = new WolkvoxSandbox(0);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Main main;
    private static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        SANDBOX.start();
        SANDBOX.acceptTokens(TOKEN, BOGOTA_TOKEN);
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.sandbox.enabled", "false");
        settings.put("wolkvox.token", TOKEN);
        settings.put("wolkvox.base-url", SANDBOX.baseUrl());
        settings.put("wolkvox.accounts.bogota.token", BOGOTA_TOKEN);
        settings.put("wolkvox.accounts.bogota.base-url", SANDBOX.baseUrl());
        settings.put("wolkvox.rest.api-keys", API_KEY);
        settings.put("wolkvox.db.password", DB_PASSWORD);
        settings.put("wolkvox.queue.callback.secret", CALLBACK_SECRET);
        managementPort = Integer.parseInt(settings.get("wolkvox.management.port"));
        main = TestApplication.start(settings);
        // a call on each account, so the console has lanes to show
        main.getCamelContext().createProducerTemplate().requestBody("wolkvox:agents", (Object) null);
        main.getCamelContext().createProducerTemplate().requestBody("wolkvox:agents?account=bogota", (Object) null);
    }

    @AfterAll
    static void stop() {
        if (main != null) {
            main.stop();
        }
        SANDBOX.stop();
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theWolkvoxConsoleAnswersInTextAndJson() throws Exception {
        HttpResponse<String> text = get("/q/dev/wolkvox", "text/plain");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.body()).contains("Wolkvox:", "Mode: real", "Account: default", "Account: bogota", "Calls: 1");

        HttpResponse<String> json = get("/q/dev/wolkvox", "application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json.body()).contains("\"wolkvox\":{", "\"mode\":\"real\"", "\"account\":\"bogota\"");
    }

    @Test
    void noSecretUnderAnyDevPathAndOnlyTheWolkvoxConsoleIsServed() throws Exception {
        CamelContext context = main.getCamelContext();
        // the secrets are there to be leaked: the job's settings hold them
        assertThat(context.resolvePropertyPlaceholders("{{wolkvox.rest.api-keys}} {{wolkvox.db.password}}"))
                .isEqualTo(API_KEY + " " + DB_PASSWORD);
        for (String path : PATHS) {
            for (String accept : List.of("text/plain", "application/json")) {
                HttpResponse<String> answer = get(path, accept);
                assertThat(answer.statusCode()).as("%s (%s)", path, accept).isEqualTo(200);
                for (String secret : SECRETS) {
                    assertThat(answer.body()).as("%s (%s)", path, accept).doesNotContain(secret);
                }
            }
        }
        assertThat(get("/q/dev/properties", "text/plain").body()).isEqualTo("Developer Console not found: properties");
        assertThat(get("/q/dev/bean-model", "application/json").body()).isEqualTo("Developer Console not found: bean-model");
        assertThat(get("/q/dev", "application/json").body()).startsWith("{\"wolkvox\":{").doesNotContain("bean-model");
        assertThat(DevConsoleRegistry.get(context).stream().map(DevConsole::getId)).containsExactly("wolkvox");
    }

    @Test
    void aConsoleThatCanShowSecretsCannotBeSwitchedOn() {
        SafeDevConsoleRegistry registry = new SafeDevConsoleRegistry();
        assertThatThrownBy(() -> registry.setConsoles("wolkvox, properties,env"))
                .hasMessageContaining("wolkvox.management.dev-consoles (WOLKVOX_MANAGEMENT_DEV_CONSOLES) lists properties, env");
    }
}
