package io.github.camelwolkvox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No secret (the token, the REST API keys, the database password, also inside the JDBC URL) appears
 * in a log line (Camel Main's start-up summaries included), exception message, endpoint URI, metric or file. The real
 * job runs as its own process with a token (the sandbox forced on, so the token really travels in
 * every request), every logger at DEBUG; every trigger is exercised, good and bad input alike; then
 * all it printed, every file it wrote and its operator pages are searched for the token.
 */
class TokenNeverLeaksIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    private Process app;
    private String apiKey;

    @AfterEach
    void stop() {
        if (app != null && app.isAlive()) {
            app.destroyForcibly();
        }
    }

    @Test
    void theTokenAppearsInNoOutputFileOrPage() throws Exception {
        String token = "tok-LEAK-" + UUID.randomUUID();
        apiKey = "key-LEAK-" + UUID.randomUUID();
        String dbPassword = "pw-LEAK-" + UUID.randomUUID();
        // a user of the page's login: neither the password nor its hash nor the session token may show
        String userPassword = "user-pw-LEAK-" + UUID.randomUUID();
        String userHash = io.github.camelwolkvox.auth.PasswordHash.hash(userPassword.toCharArray(), 1000);
        String viewerKey = "viewer-key-LEAK-" + UUID.randomUUID();
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        // the database password both in the URL (as a user may write it) and as wolkvox.db.password
        String dbUrl = settings.get("wolkvox.db.url") + ";AUTO_SERVER=TRUE;PASSWORD=" + dbPassword;
        settings.put("wolkvox.db.url", dbUrl);
        settings.put("wolkvox.reports.cron", "0/2 * * * * ?");
        settings.put("wolkvox.reports.allow-faster", "true");
        settings.put("wolkvox.queue.poll-interval", "200");
        int managementPort = Integer.parseInt(settings.get("wolkvox.management.port"));
        String api = "http://127.0.0.1:" + settings.get("wolkvox.rest.port") + "/api/v1";
        Path output = data.resolve("app-output.log");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(Application.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("WOLKVOX_TOKEN", token);
        pb.environment().put("WOLKVOX_REST_API_KEYS", "other-key, " + apiKey);
        pb.environment().put("WOLKVOX_DB_PASSWORD", dbPassword);
        pb.environment().put("WOLKVOX_UI_USERS", "ana:operator:" + userHash);
        pb.environment().put("WOLKVOX_REST_VIEWER_API_KEYS", viewerKey);
        pb.environment().put("WOLKVOX_SANDBOX_ENABLED", "true");
        pb.environment().put("WOLKVOX_ROOT_LOG_LEVEL", "DEBUG");
        pb.environment().put("WOLKVOX_LOG_LEVEL", "DEBUG");
        app = pb.start();

        await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(output).contains("Sandbox tour finished")
                && Files.readString(output).contains("Database schema ready: db/queue-schema.sql"));

        // The SQL queue: a good and a bad request of each kind.
        try (Connection c = DriverManager.getConnection(dbUrl, "sa", dbPassword); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO wolkvox_dial_request (agent_id, customer_phone, customer_name) VALUES ('1001', '+573001234567', 'Ana')");
            st.executeUpdate("INSERT INTO wolkvox_dial_request (agent_id, customer_phone) VALUES ('1001', 'not-a-phone')");
            st.executeUpdate("INSERT INTO wolkvox_interaction_request (\"from\", \"to\", subject, body, rp_id) VALUES ('a@x', 'b@y', 's', 'b', '102')");
            st.executeUpdate("INSERT INTO wolkvox_interaction_request (\"from\", \"to\", subject, body, rp_id) VALUES ('a@x', 'b@y', 's', 'b', '999')");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(st, "SELECT COUNT(*) FROM wolkvox_dial_request WHERE status IN ('PENDING','IN_FLIGHT')") == 0
                    && count(st, "SELECT COUNT(*) FROM wolkvox_interaction_request WHERE status IN ('PENDING','IN_FLIGHT')") == 0);
        }
        // The CSV intake: good rows, a bad row.
        Path inbox = Path.of(settings.get("wolkvox.activity-codes.inbox"));
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("codes.csv"), "type_code,cod_act,description_cod_act,hit\nT,A1,Uno,si\nT,A2,Dos,maybe\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve("done").resolve("codes.csv.result.csv")));
        // The scheduled reports.
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(Path.of(settings.get("wolkvox.reports.dir")).resolve("connectors-latest.json")));

        List<String> pages = new ArrayList<>();
        // The REST API: good and bad requests, the status page, the OpenAPI document.
        pages.add(post(api + "/dials", "{\"agent_id\":\"1001\",\"customer_phone\":\"+573005550000\"}"));
        pages.add(post(api + "/dials", "{\"agent_id\":\"\",\"customer_phone\":\"x\"}"));
        pages.add(post(api + "/interactions", "{\"from\":\"a\",\"to\":\"b\",\"subject\":\"s\",\"body\":\"b\",\"rp_id\":\"999\"}"));
        pages.add(post(api + "/activity-codes", "[{\"type_code\":\"T\",\"cod_act\":\"C\",\"description_cod_act\":\"D\",\"hit\":\"maybe\"}]"));
        for (String path : List.of("/status", "/routing-points", "/openapi.json")) {
            pages.add(get(api + path));
        }
        // The page's login: a wrong and a right password, the session used, then ended.
        pages.add(send(HttpRequest.newBuilder(URI.create(api + "/operator/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ana\",\"password\":\"" + userPassword + "x\"}")).build()));
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/operator/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ana\",\"password\":\"" + userPassword + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String session = new com.fasterxml.jackson.databind.ObjectMapper().readTree(login.body()).path("token").asText();
        assertThat(session).hasSizeGreaterThan(30);
        for (String path : List.of("/operator/settings", "/status", "/operator/token-history", "/operator/dead-letters", "/uploads")) {
            pages.add(send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + session).build()));
        }
        pages.add(send(HttpRequest.newBuilder(URI.create(api + "/dials")).header("X-API-Key", viewerKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build()));
        pages.add(send(HttpRequest.newBuilder(URI.create(api + "/operator/logout")).header("Authorization", "Bearer " + session)
                .POST(HttpRequest.BodyPublishers.noBody()).build()));
        pages.add(send(HttpRequest.newBuilder(URI.create(api + "/status")).header("Authorization", "Bearer " + session).build()));
        for (String path : List.of("/observe/metrics", "/observe/health?data=true", "/observe/health/ready?data=true")) {
            pages.add(get("http://127.0.0.1:" + managementPort + path));
        }

        app.destroy(); // SIGTERM: a graceful shutdown, which logs too
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String printed = Files.readString(output);
        assertThat(printed).as("the job ran at DEBUG with the token configured").contains("wolkvox dial account=default outcome=ok");
        assertThat(printed).as("the settings summary ran").contains("Settings (secrets masked):", "wolkvox.rest.api-keys = xxxxxx");
        List<String> secrets = List.of(token, apiKey, dbPassword, userPassword, userHash, userHash.split("\\$")[3], session, viewerKey);
        assertThat(printed).as("the login ran").contains("ana logged in (operator)", "a login was refused");
        for (String secret : secrets) {
            assertThat(printed).doesNotContain(secret);
        }
        assertThat(pages.get(0)).startsWith("200 ").contains("conn_id");
        assertThat(pages.get(1)).startsWith("400 ").contains("agent_id");
        assertThat(pages.get(2)).startsWith("502 ");
        for (String page : pages) {
            assertThat(page).isNotBlank().doesNotContain(secrets.toArray(String[]::new));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThan(4);
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            for (String secret : secrets) {
                assertThat(indexOf(content, secret.getBytes(StandardCharsets.UTF_8))).as("a secret in %s", file).isEqualTo(-1);
            }
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", apiKey).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String url, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", apiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
