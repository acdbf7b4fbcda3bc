package io.github.camelwolkvox.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.auth.PasswordHash;

/**
 * The OpenAPI document at /api/v1/openapi.json, read by a real OpenAPI parser (swagger-parser):
 * valid, in step with the REST routes, and good enough to drive a client: every operation is called
 * with the document's own examples and its answer is one the document lists, in the documented shape.
 */
class RestOpenApiIT {

    private static final String KEY = "doc-key";

    @TempDir
    static Path data;

    private static RunningApp app;
    private static String document;

    @BeforeAll
    static void start() throws Exception {
        // the login's example is a user of this run, so the client driven by the document logs in
        app = RunningApp.start(data, Map.of("wolkvox.token", "openapi-test-token-" + UUID.randomUUID(), "wolkvox.sandbox.enabled", "true",
                "wolkvox.rest.api-keys", KEY, "wolkvox.reports.cron", "0 0 3 1 1 ?",
                "wolkvox.ui.users", "ana:operator:" + PasswordHash.hash("example-password".toCharArray(), 1000)));
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/api/v1/openapi.json")).header("X-API-Key", KEY).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        document = r.body();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static OpenAPI parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        return result.getOpenAPI();
    }

    @Test
    void theDocumentIsValidAndDescribesRequestsAnswersAndTheApiKey() {
        OpenAPI api = parse();

        assertThat(api.getOpenapi()).startsWith("3.0");
        assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getName()).isEqualTo("X-API-Key");
        assertThat(api.getComponents().getSecuritySchemes().get("session").getScheme()).isEqualTo("bearer");
        assertThat(api.getSecurity()).extracting(s -> s.keySet()).containsExactly(Set.of("apiKey"), Set.of("session"));
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String name = method + " " + path;
            assertThat(op.getResponses()).as(name).containsKeys("401", "405");
            if (op.getSecurity() == null) {
                assertThat(op.getResponses()).as(name + ": a viewer's action, or no key configured").containsKey("403");
            }
            op.getResponses().forEach((status, response) -> {
                if (status.compareTo("400") >= 0) {
                    assertThat(resolve(api, response).getContent().get("application/json").getSchema().get$ref())
                            .as(name + " " + status).isEqualTo("#/components/schemas/Error");
                }
            });
            if (op.getRequestBody() != null) {
                MediaType body = body(op);
                assertThat(body.getExample() != null || schema(api, body.getSchema()).getExample() != null).as(name + " example").isTrue();
                assertThat(op.getResponses()).as(name).containsKey("400");
                if (!isPagePath(path)) {
                    assertThat(op.getResponses()).as(name).containsKeys("409", "413", "415", "422");
                }
            }
        }));
        assertThat(api.getComponents().getSchemas().get("DialRequest").getRequired()).containsExactlyInAnyOrder("agent_id", "customer_phone");
        assertThat(api.getComponents().getSchemas().get("Interaction").getRequired()).containsExactlyInAnyOrder("from", "to", "subject", "body", "rp_id");
        assertThat(api.getComponents().getSchemas().get("ActivityCode").getRequired()).containsExactlyInAnyOrder("type_code", "cod_act", "description_cod_act");
        assertThat(api.getComponents().getSchemas().get("Error").getRequired()).containsExactlyInAnyOrder("status", "error", "message");
        assertThat(api.getPaths().get("/dials").getPost().getResponses()).containsKeys("200", "502", "503");
        assertThat(api.getPaths().get("/requests/dials").getPost().getResponses()).containsKey("202");
        assertThat(api.getPaths().get("/uploads").getPost().getRequestBody().getContent()).containsOnlyKeys("multipart/form-data");
        assertThat(api.getPaths().get("/operator/login").getPost().getSecurity()).as("the login needs no credential").isEmpty();
    }

    /** The operator page's own API (ui.OperatorPage), served beside the REST routes. */
    private static boolean isPagePath(String path) {
        return path.startsWith("/uploads") || path.startsWith("/operator/");
    }

    private static MediaType body(Operation op) {
        var content = op.getRequestBody().getContent();
        return content.containsKey("application/json") ? content.get("application/json") : content.get("multipart/form-data");
    }

    @Test
    void theDocumentListsExactlyTheOperationsOfTheRestRoutes() {
        Set<String> routes = new TreeSet<>();
        for (RestDefinition rest : app.context().getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                routes.add(verb.asVerb().toUpperCase() + " " + verb.getPath());
            }
        }
        Set<String> documented = new TreeSet<>();
        Set<String> documentedPage = new TreeSet<>();
        parse().getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m ->
                (isPagePath(path) ? documentedPage : documented).add(m + " " + path)));

        assertThat(documented).isEqualTo(routes);
        // the page's paths as its HTTP routes declare them (:id written {id}), less the guard's wildcards
        Set<String> page = new TreeSet<>();
        for (io.vertx.ext.web.Route route : app.context().hasService(MainHttpServer.class).getRouter().getRoutes()) {
            String path = route.getPath();
            if (path == null || route.methods() == null || !(path.startsWith("/api/v1/uploads") || path.startsWith("/api/v1/operator/"))) {
                continue;
            }
            String documentedPath = path.substring("/api/v1".length()).replaceAll(":(\\w+)", "{$1}");
            route.methods().forEach(m -> page.add(m.name() + " " + documentedPath));
        }
        assertThat(documentedPage).isEqualTo(page);
    }

    @Test
    void aClientDrivenByTheDocumentGetsOnlyDocumentedAnswersInTheDocumentedShape() throws Exception {
        OpenAPI api = parse();
        List<String> called = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
                Operation op = entry.getValue();
                String uri = api.getServers().get(0).getUrl() + path.getKey();
                for (Parameter p : op.getParameters() == null ? List.<Parameter>of() : op.getParameters()) {
                    if ("path".equals(p.getIn())) {
                        uri = uri.replace("{" + p.getName() + "}", URLEncoder.encode(String.valueOf(p.getExample()), StandardCharsets.UTF_8));
                    }
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(uri)).header("X-API-Key", KEY);
                if (op.getRequestBody() != null && op.getRequestBody().getContent().containsKey("multipart/form-data")) {
                    // the form's example: each property a field, "file" the file's content
                    JsonNode example = RunningApp.JSON.valueToTree(schema(api, body(op).getSchema()).getExample());
                    String boundary = "doc" + UUID.randomUUID();
                    StringBuilder form = new StringBuilder();
                    example.fields().forEachRemaining(f -> form.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                            .append(f.getKey()).append(f.getKey().equals("file") ? "\"; filename=\"example.csv\"" : "\"").append("\r\n\r\n")
                            .append(f.getValue().asText()).append("\r\n"));
                    form.append("--").append(boundary).append("--\r\n");
                    request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .method(entry.getKey().name(), BodyPublishers.ofString(form.toString()));
                } else if (op.getRequestBody() != null) {
                    MediaType json = op.getRequestBody().getContent().get("application/json");
                    Object example = json.getExample() != null ? json.getExample() : schema(api, json.getSchema()).getExample();
                    request.header("Content-Type", "application/json").header("Idempotency-Key", "doc-" + UUID.randomUUID())
                            .method(entry.getKey().name(), BodyPublishers.ofString(RunningApp.JSON.writeValueAsString(example)));
                } else {
                    request.method(entry.getKey().name(), BodyPublishers.noBody());
                }
                HttpResponse<String> answer = app.send(request.build());
                String name = entry.getKey() + " " + path.getKey();
                called.add(name + " -> " + answer.statusCode());
                assertThat(op.getResponses()).as(name + " answered " + answer.body()).containsKey(String.valueOf(answer.statusCode()));
                ApiResponse documented = resolve(api, op.getResponses().get(String.valueOf(answer.statusCode())));
                if (documented.getContent() == null) {
                    assertThat(answer.body()).as(name + ": no content documented").isEmpty();
                    continue;
                }
                assertThat(answer.headers().firstValue("Content-Type")).as(name).hasValueSatisfying(ct ->
                        assertThat(documented.getContent()).containsKey(ct.replaceAll(";.*", "")));
                if (!documented.getContent().containsKey("application/json")) {
                    continue;
                }
                Schema<?> shape = schema(api, documented.getContent().get("application/json").getSchema());
                assertShape(api, shape, RunningApp.json(answer), name);
            }
        }
        System.out.println("[openapi client] " + called);
        assertThat(called).hasSize(26);
        // every example is a request the API carries out; only the made-up ids are not there (no UNKNOWN row 1 either)
        assertThat(called).filteredOn(c -> !c.matches(".* -> 2\\d\\d")).containsExactlyInAnyOrder("GET /requests/{id} -> 404",
                "GET /uploads/{id} -> 404", "GET /uploads/{id}/rows -> 404", "GET /uploads/{id}/result -> 404",
                "POST /operator/requests/{kind}/{id}/resolve -> 409", "POST /operator/dead-letters/{id}/requeue -> 404");
    }

    /** The answer has every property the schema requires (of each item, for an array). */
    private static void assertShape(OpenAPI api, Schema<?> shape, JsonNode body, String name) {
        if ("array".equals(shape.getType())) {
            assertThat(body.isArray()).as(name).isTrue();
            body.forEach(item -> assertShape(api, schema(api, shape.getItems()), item, name));
        } else if (shape.getRequired() != null) {
            for (String field : shape.getRequired()) {
                assertThat(body.has(field)).as(name + " has " + field + ": " + body).isTrue();
            }
        }
    }

    private static Schema<?> schema(OpenAPI api, Schema<?> schema) {
        return schema.get$ref() == null ? schema
                : api.getComponents().getSchemas().get(schema.get$ref().substring("#/components/schemas/".length()));
    }

    private static ApiResponse resolve(OpenAPI api, ApiResponse response) {
        return response.get$ref() == null ? response
                : api.getComponents().getResponses().get(response.get$ref().substring("#/components/responses/".length()));
    }
}
