package io.github.camelwolkvox.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;

import io.github.camelwolkvox.TestApplication;
import io.github.camelwolkvox.auth.PasswordHash;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;
import io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport;

/** The job as it runs, against the sandbox, with an HTTP client for the operator page and its API. */
final class OperatorApp implements AutoCloseable {

    static final String KEY = "operator-page-key";
    /** The phone of the dials {@link #deadLetter} makes. */
    static final String DEAD_PHONE = "3009990000";
    static final String VIEWER_KEY = "operator-page-viewer-key";
    /** Users of the page's login: an operator and a viewer (hashes with few iterations: a test need not be slow). */
    static final String OPERATOR_PASSWORD = "ana-secret-" + UUID.randomUUID();
    static final String VIEWER_PASSWORD = "luis-secret-" + UUID.randomUUID();
    static final String USERS = "ana:operator:" + PasswordHash.hash(OPERATOR_PASSWORD.toCharArray(), 1000)
            + ",luis:viewer:" + PasswordHash.hash(VIEWER_PASSWORD.toCharArray(), 1000);
    static final ObjectMapper JSON = new ObjectMapper();

    final Path data;
    final int port;
    private final Main main;
    private final HttpClient http = HttpClient.newHttpClient();

    private OperatorApp(Path data, Main main, int port) {
        this.data = data;
        this.main = main;
        this.port = port;
    }

    static OperatorApp start(Path data, Map<String, String> overrides) throws Exception {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.token", "operator-page-token-" + UUID.randomUUID());
        settings.put("wolkvox.sandbox.enabled", "true");
        settings.put("wolkvox.sandbox.tour", "false");
        settings.put("wolkvox.rest.api-keys", KEY);
        settings.put("wolkvox.rest.viewer-api-keys", VIEWER_KEY);
        settings.put("wolkvox.ui.users", USERS);
        settings.put("wolkvox.ui.token-history.interval", "200");
        settings.put("wolkvox.activity-codes.poll-delay", "200");
        settings.put("wolkvox.activity-codes.read-lock-check-interval", "100");
        // no scheduled report pull during a test: every sandbox request is one the test caused
        settings.put("wolkvox.reports.cron", "0 0 3 1 1 ?");
        settings.putAll(overrides);
        return new OperatorApp(data, TestApplication.start(settings), Integer.parseInt(settings.get("wolkvox.rest.port")));
    }

    Path inbox() {
        return data.resolve("inbox/activity-codes");
    }

    WolkvoxSandbox sandbox() {
        return WolkvoxSandboxSupport.of(main.getCamelContext()).running().orElseThrow();
    }

    DataSource dataSource() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("wolkvoxDataSource", DataSource.class);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST /api/v1/uploads as a browser's form does: multipart/form-data, the file in field "file". */
    HttpResponse<String> upload(String fileName, byte[] content, Map<String, String> fields, String key)
            throws IOException, InterruptedException {
        String boundary = "----wolkvox" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/uploads"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any request with the given credential headers ("X-API-Key", key or "Authorization", "Bearer ..."). */
    HttpResponse<String> send(String method, String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The session token of a login, or fails. */
    String login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", "/api/v1/operator/login", JSON.createObjectNode().put("user", user)
                .put("password", password).toString());
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + user + ": " + r.statusCode() + " " + r.body());
        }
        return json(r).path("token").asText();
    }

    /** A request row (dials or interactions table) in {@code status}, and a dead letter of it with {@code failure}; the dead letter's id. */
    long deadLetter(String table, String status, String failure) throws SQLException {
        long request = insert(table.equals("wolkvox_dial_request")
                ? "INSERT INTO wolkvox_dial_request (agent_id, customer_phone, status, attempts, last_error) VALUES ('1001', '" + DEAD_PHONE + "', ?, 3, 'failed')"
                : "INSERT INTO wolkvox_interaction_request (\"from\", \"to\", subject, body, rp_id, status, attempts, last_error)"
                        + " VALUES ('a@x.co', 'b@y.co', 's', 'b', '102', ?, 3, 'failed')", status);
        return insert("INSERT INTO wolkvox_dead_letter (operation, source, input, error, failure) VALUES (?, ?, '{}', 'it failed', ?)",
                table.equals("wolkvox_dial_request") ? "dial" : "addInteraction", table + " " + request, failure);
    }

    long insert(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql, new String[] {"id"})) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    void update(String sql, Object... params) throws SQLException {
        io.github.camelwolkvox.db.Jdbc.update(dataSource(), sql, params);
    }

    /** One value of a query, or null. */
    Object value(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    /** Dials the sandbox was asked to make to {@code phone}. */
    long dialsTo(String phone) {
        return sandbox().dials().stream().filter(d -> phone.equals(d.query().get("customer_phone"))).count();
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** An UNKNOWN dial as a crash during its call leaves it; its id. */
    long unknownDial(String phone) throws SQLException {
        return insert("INSERT INTO wolkvox_dial_request (agent_id, customer_phone, status, attempts, last_error)"
                + " VALUES ('1001', ?, 'UNKNOWN', 1, 'outcome unknown, not retried')", phone);
    }

    String dialStatus(long id) throws SQLException {
        return (String) value("SELECT status FROM wolkvox_dial_request WHERE id = ?", id);
    }

    @Override
    public void close() {
        main.stop();
    }
}
