package io.github.camelwolkvox.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.auth.Caller;
import io.github.camelwolkvox.auth.Logins;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.queue.RequestStatus;
import io.github.camelwolkvox.rest.RestApiGuard;
import io.github.camelwolkvox.rest.RestErrorBody;

/**
 * The operator page: static files under {@code /ui/} and the page's own API under the REST context
 * path ({@code /api/v1/uploads}, {@code /api/v1/operator/...}), put into the REST API's HTTP server
 * once it listens. Every API path has the REST API's key check ({@link RestApiGuard}); the page
 * itself holds no data and no secret, so it is served to anyone, with a strict
 * Content-Security-Policy. Listed in camel.main.routes-builder-classes; it has no Camel routes.
 */
public class OperatorPage extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorPage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Only the page's own files: no inline script or style, no other origin, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final int LIST_LIMIT = 200;

    @Override
    public void configure() throws Exception {
        PropertiesComponent settings = getCamelContext().getPropertiesComponent();
        if (!settings.resolveProperty("wolkvox.ui.enabled").map(Boolean::parseBoolean).orElse(false)) {
            return;
        }
        long maxUpload = maxUpload(setting(settings, "wolkvox.ui.max-upload-size"));
        Map<String, Path> inboxes = inboxes(setting(settings, "wolkvox.ui.inboxes"));
        getCamelContext().addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                try {
                    install(context, maxUpload, inboxes);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot make the operator page's upload folder: " + e.getMessage(), e);
                }
            }
        });
    }

    private static String setting(PropertiesComponent settings, String key) {
        return settings.resolveProperty(key).map(String::strip).filter(v -> !v.isEmpty()).orElseThrow(() ->
                new IllegalArgumentException(key + " is required when wolkvox.ui.enabled=true (environment variable "
                        + key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + ")"));
    }

    static long maxUpload(String value) {
        try {
            long bytes = Long.parseLong(value);
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("wolkvox.ui.max-upload-size must be a number of bytes above 0, not '" + value
                + "' (environment variable WOLKVOX_UI_MAX_UPLOAD_SIZE)");
    }

    /** {@code name=folder,name=folder}: the inboxes an upload may go to, the first one by default. */
    static Map<String, Path> inboxes(String value) {
        Map<String, Path> inboxes = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("wolkvox.ui.inboxes: '" + entry.strip()
                        + "' is not name=folder (environment variable WOLKVOX_UI_INBOXES)");
            }
            inboxes.put(parts[0].strip(), Path.of(parts[1].strip()));
        }
        return inboxes;
    }

    private void install(CamelContext context, long maxUpload, Map<String, Path> inboxes) throws IOException {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null) {
            LOG.debug("No platform-http server: no operator page");
            return;
        }
        PropertiesComponent settings = context.getPropertiesComponent();
        DataSource dataSource = context.getRegistry().lookupByNameAndType("wolkvoxDataSource", DataSource.class);
        Uploads uploads = new Uploads(Objects.requireNonNull(dataSource, "bean wolkvoxDataSource"), inboxes,
                setting(settings, "wolkvox.activity-codes.done-folder"), setting(settings, "wolkvox.activity-codes.error-folder"));
        Resolutions resolutions = new Resolutions(dataSource);
        DeadLetters deadLetters = new DeadLetters(dataSource, uploads);
        Logins logins = Logins.of(context);
        TokenHistory history = new TokenHistory(context.getComponent("wolkvox", WolkvoxComponent.class),
                positive(settings, "wolkvox.ui.token-history.interval"), positive(settings, "wolkvox.ui.token-history.span"));
        try {
            context.addService(history, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the token history: " + e.getMessage(), e);
        }
        List<String> reports = Arrays.stream(settings.resolveProperty("wolkvox.reports.apis").orElse("").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        String api = RestApiGuard.apiPath(context);
        Router router = server.getRouter();
        RestApiGuard guard = RestApiGuard.of(context);

        router.getWithRegex("/ui").handler(ctx -> ctx.redirect("/ui/"));
        router.get("/ui/*").handler(OperatorPage::pageHeaders)
                .handler(StaticHandler.create("camel-wolkvox/ui").setCachingEnabled(false).setDirectoryListing(false));

        // The key is checked before a body is read, here too: the page's API must not rely on the REST
        // routes being loaded for its guard
        // (the login is the one path it lets through: it checks the password itself)
        for (String path : List.of(api + "/uploads*", api + "/operator/*")) {
            router.route(path).order(Integer.MIN_VALUE).handler(guard);
        }
        // Uploads are written to a folder of this run only, deleted when the request ends
        Path uploadTemp = Files.createTempDirectory("wolkvox-uploads");
        router.post(api + "/uploads")
                .handler(BodyHandler.create(uploadTemp.toString()).setBodyLimit(maxUpload).setDeleteUploadedFilesOnEnd(true))
                .blockingHandler(blocking(ctx -> upload(ctx, uploads)), false)
                .failureHandler(ctx -> failure(ctx, maxUpload));
        api(router.get(api + "/uploads"), ctx -> json(ctx, 200, uploads.latest(LIST_LIMIT)));
        api(router.get(api + "/uploads/:id"), ctx -> found(ctx, uploads.state(ctx.pathParam("id"))));
        api(router.get(api + "/uploads/:id/rows"), ctx ->
                found(ctx, uploads.rows(ctx.pathParam("id"), ctx.request().getParam("status"))));
        api(router.get(api + "/uploads/:id/result"), ctx -> result(ctx, uploads));

        api(router.post(api + RestApiGuard.LOGIN_PATH).handler(BodyHandler.create(false).setBodyLimit(4096)), ctx -> login(ctx, logins));
        api(router.post(api + "/operator/logout"), ctx -> {
            String authorization = Objects.requireNonNullElse(ctx.request().getHeader("Authorization"), "");
            logins.logout(authorization.replaceFirst("^Bearer ", "").strip());
            ctx.response().setStatusCode(204).end();
        });
        api(router.get(api + "/operator/settings"), ctx -> {
            Caller caller = ctx.get(Caller.KEY);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("inboxes", uploads.inboxNames());
            answer.put("reports", reports);
            answer.put("max_upload_bytes", maxUpload);
            answer.put("kinds", Resolutions.TABLES.keySet().stream().sorted().toList());
            answer.put("user", caller.user());
            answer.put("role", caller.role().name().toLowerCase(Locale.ROOT));
            answer.put("logins", logins.hasUsers());
            json(ctx, 200, answer);
        });
        api(router.get(api + "/operator/dead-letters"), ctx -> json(ctx, 200, deadLetters.latest(LIST_LIMIT)));
        api(router.post(api + "/operator/dead-letters/:id/requeue")
                .handler(BodyHandler.create(false).setBodyLimit(16_384)), ctx -> requeue(ctx, deadLetters));
        api(router.get(api + "/operator/token-history"), ctx -> json(ctx, 200, history.view()));
        api(router.get(api + "/operator/requests"), ctx -> json(ctx, 200, resolutions.rows(
                Objects.requireNonNullElse(ctx.request().getParam("kind"), "dials"),
                status(Objects.requireNonNullElse(ctx.request().getParam("status"), "UNKNOWN")),
                LIST_LIMIT)));
        api(router.post(api + "/operator/requests/:kind/:id/resolve")
                .handler(BodyHandler.create(false).setBodyLimit(16_384)), ctx -> resolve(ctx, resolutions));
        api(router.get(api + "/operator/resolutions"), ctx -> json(ctx, 200, resolutions.history(LIST_LIMIT)));
        api(router.get(api + "/operator/reports"), ctx -> json(ctx, 200, reportsView(dataSource)));
        LOG.info("Operator page on /ui/ (uploads up to {} bytes into {})", maxUpload, inboxes.keySet());
    }

    /** The latest snapshot of each report and the latest changes, as recorded: reading them pulls nothing from Wolkvox. */
    private static Map<String, Object> reportsView(DataSource dataSource) throws SQLException {
        return Map.of(
                "snapshots", SqlRows.query(dataSource, "SELECT s.report, s.account, s.snapshot_time, s.record_count"
                        + " FROM wolkvox_report_snapshot s WHERE s.snapshot_id = (SELECT MAX(t.snapshot_id)"
                        + " FROM wolkvox_report_snapshot t WHERE t.report = s.report AND t.account = s.account) ORDER BY s.report, s.account"),
                "changes", SqlRows.query(dataSource, "SELECT report, account, snapshot_time, record_id, change_kind, field, old_value,"
                        + " new_value FROM wolkvox_report_change ORDER BY change_id DESC LIMIT ?", LIST_LIMIT));
    }

    /** Headers of every page file: this policy is what makes an injected script inert. */
    private static void pageHeaders(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cache-Control", "no-store");
        ctx.next();
    }

    private static void upload(RoutingContext ctx, Uploads uploads) throws Exception {
        FileUpload file = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).findFirst().orElse(null);
        if (file == null) {
            badRequest(ctx, "file", "is required: send the file as multipart/form-data field 'file'");
            return;
        }
        boolean check = "true".equalsIgnoreCase(ctx.request().getFormAttribute("check"));
        boolean confirm = "true".equalsIgnoreCase(ctx.request().getFormAttribute("confirm"))
                || "true".equalsIgnoreCase(ctx.request().getParam("confirm"));
        Uploads.Outcome outcome = uploads.accept(Path.of(file.uploadedFileName()), file.fileName(),
                ctx.request().getFormAttribute("inbox"), check, confirm);
        if (outcome instanceof Uploads.Refused refused) {
            badRequest(ctx, refused.field(), refused.reason());
        } else if (outcome instanceof Uploads.Duplicate dup) {
            ctx.response().setStatusCode(409).putHeader("Content-Type", "application/json").end(RestErrorBody.of(409, "duplicate",
                    "the same content was already sent to this inbox (upload " + dup.previousId() + ", " + dup.previousName()
                            + ", " + dup.previousAt() + "): send it again with confirm=true to send it anyway",
                    Map.of("duplicate_of", dup.previousId())));
        } else if (outcome instanceof Uploads.Accepted accepted) {
            LOG.info("Upload {}: {} placed in the {} inbox{}", accepted.id(), accepted.storedName(),
                    ctx.request().getFormAttribute("inbox") == null ? "default" : "chosen", accepted.checkOnly() ? " (check only)" : "");
            ctx.response().putHeader("Location", ctx.request().path() + "/" + accepted.id());
            json(ctx, 202, Map.of("id", accepted.id(), "name", accepted.storedName(), "check_only", accepted.checkOnly()));
        }
    }

    private static void result(RoutingContext ctx, Uploads uploads) throws Exception {
        var result = uploads.resultFile(ctx.pathParam("id"));
        if (result.isEmpty()) {
            RestErrorBody.send(ctx, 404, "not_found", "no result file (yet) for upload " + ctx.pathParam("id"));
            return;
        }
        ctx.response().putHeader("Content-Type", "text/csv")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Disposition", "attachment; filename=\"" + result.get().getValue() + "\"")
                .sendFile(result.get().getKey().toString());
    }

    private static void resolve(RoutingContext ctx, Resolutions resolutions) throws Exception {
        JsonNode body = body(ctx);
        RequestStatus decision = status(body.path("status").asText(""));
        String kind = ctx.pathParam("kind");
        long id = Long.parseLong(ctx.pathParam("id"));
        String operator = who(ctx, body);
        if (resolutions.resolve(kind, id, decision, operator, body.path("note").asText(null))) {
            LOG.info("Request {} {} marked {} by {}", kind, id, decision, operator.strip());
            json(ctx, 200, Map.of("kind", kind, "id", id, "status", decision.name(), "resolved_by", operator.strip()));
        } else {
            RestErrorBody.send(ctx, 409, "conflict", kind + " request " + id + " is not UNKNOWN (any more): nothing changed");
        }
    }

    /** Who acts: the logged-in user; with an API key, the name the body gives ("operator"). */
    private static String who(RoutingContext ctx, JsonNode body) {
        Caller caller = ctx.get(Caller.KEY);
        return caller != null && caller.user() != null ? caller.user() : body.path("operator").asText("");
    }

    private static JsonNode body(RoutingContext ctx) throws JsonProcessingException {
        return ctx.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(ctx.body().asString());
    }

    private static void requeue(RoutingContext ctx, DeadLetters deadLetters) throws Exception {
        JsonNode body = body(ctx);
        long id = Long.parseLong(ctx.pathParam("id"));
        String who = Resolutions.operator(who(ctx, body));
        String note = Resolutions.note(body.path("note").asText(null));
        DeadLetters.Outcome outcome = deadLetters.requeue(id, who, note);
        if (outcome instanceof DeadLetters.Requeued done) {
            LOG.info("Dead letter {} re-queued by {} as {}", id, who, done.as());
            json(ctx, 200, Map.of("id", id, "requeued_by", who, "as", done.as()));
        } else if (outcome instanceof DeadLetters.Refused refused) {
            RestErrorBody.send(ctx, 409, "conflict", "dead letter " + id + " is not re-queued: " + refused.reason());
        } else {
            RestErrorBody.send(ctx, 404, "not_found", "no dead letter " + id);
        }
    }

    /** The password is read into a char array and never logged; a refusal does not say whether the user exists. */
    private static void login(RoutingContext ctx, Logins logins) throws Exception {
        JsonNode body = body(ctx);
        char[] password = body.path("password").asText("").toCharArray();
        try {
            Optional<Map<String, Object>> session = logins.login(body.path("user").asText(""), password);
            if (session.isPresent()) {
                LOG.info("Operator page: {} logged in ({})", session.get().get("user"), session.get().get("role"));
                json(ctx, 200, session.get());
            } else {
                LOG.warn("Operator page: a login was refused (unknown user or wrong password)");
                RestErrorBody.send(ctx, 401, "unauthorized", "unknown user or wrong password");
            }
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static long positive(PropertiesComponent settings, String key) {
        String value = setting(settings, key);
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException(key + " must be a number of milliseconds above 0, not '" + value + "' (environment variable "
                + key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + ")");
    }

    private static RequestStatus status(String value) {
        try {
            return RequestStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be one of " + Arrays.toString(RequestStatus.values()), e);
        }
    }

    /** Bad input (an unknown status or kind, an unreadable id or body) is the caller's: 400 with the reason. */
    private static void failure(RoutingContext ctx, long maxUpload) {
        if (ctx.statusCode() == 413) {
            RestErrorBody.send(ctx, 413, "payload_too_large", "the file is larger than " + maxUpload
                    + " bytes (wolkvox.ui.max-upload-size)");
        } else {
            answerFailure(ctx);
        }
    }

    private static void answerFailure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        if (t instanceof IllegalArgumentException || t instanceof JsonProcessingException) {
            RestErrorBody.send(ctx, 400, "bad_request", t instanceof NumberFormatException ? "not a number: " + t.getMessage()
                    : t.getMessage());
        } else if (ctx.statusCode() > 0 && ctx.statusCode() < 500) {
            RestErrorBody.send(ctx, ctx.statusCode(), "bad_request", "the request was refused (" + ctx.statusCode() + ")");
        } else {
            LOG.error("Operator page {} {}: 500", ctx.request().method(), ctx.request().path(), t);
            RestErrorBody.send(ctx, 500, "internal_error", "internal error (see the job's log)");
        }
    }

    private static void badRequest(RoutingContext ctx, String field, String reason) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(RestErrorBody.of(400, "bad_request",
                field + ": " + reason, Map.of("fields", List.of(Map.of("field", field, "reason", reason)))));
    }

    private static void found(RoutingContext ctx, Optional<?> value) throws JsonProcessingException {
        if (value.isPresent()) {
            json(ctx, 200, value.get());
        } else {
            RestErrorBody.send(ctx, 404, "not_found", "no upload " + ctx.pathParam("id"));
        }
    }

    private static void json(RoutingContext ctx, int status, Object body) throws JsonProcessingException {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(JSON.writeValueAsString(body));
    }

    /** One step of the page's API: it reads files and the database, so it runs off the event loop. */
    @FunctionalInterface
    interface Step {
        void run(RoutingContext ctx) throws Exception;
    }

    private static void api(Route route, Step step) {
        route.blockingHandler(blocking(step), false).failureHandler(OperatorPage::answerFailure);
    }

    private static Handler<RoutingContext> blocking(Step step) {
        return ctx -> {
            try {
                step.run(ctx);
            } catch (Exception e) {
                ctx.fail(e);
            }
        };
    }
}
