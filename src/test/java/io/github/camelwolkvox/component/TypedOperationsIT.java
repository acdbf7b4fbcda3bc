package io.github.camelwolkvox.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.component.model.ActivityCode;
import io.github.camelwolkvox.component.model.ActivityCodeKey;
import io.github.camelwolkvox.component.model.Agent;
import io.github.camelwolkvox.component.model.Campaign;
import io.github.camelwolkvox.component.model.CampaignUpload;
import io.github.camelwolkvox.component.model.Interaction;
import io.github.camelwolkvox.component.model.Skill;
import io.github.camelwolkvox.component.model.TokenInfo;
import io.github.camelwolkvox.component.model.WolkvoxResponse;
import io.github.camelwolkvox.sandbox.SandboxCall;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The typed operations beyond the first five against the sandbox over real HTTP, and generic and typed calls sharing one token. */
class TypedOperationsIT {

    private static final String TOKEN = "tok-typed-ops-9e21";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SandboxedContext wolkvox;
    private static WolkvoxSandbox sandbox;
    private static CamelContext context;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        wolkvox = SandboxedContext.on(TOKEN).start();
        sandbox = wolkvox.sandbox;
        context = wolkvox.context;
        template = wolkvox.template;
    }

    @AfterAll
    static void stop() {
        wolkvox.close();
    }

    @Test
    void everyTypedOperationIsInTheCatalogueWithItsMethod() {
        for (WolkvoxOperation op : WolkvoxOperation.values()) {
            if (op != WolkvoxOperation.call) {
                assertThat(WolkvoxCatalogue.shipped().require(op.file(), op.api()).method()).as(op.name()).isEqualTo(op.httpMethod());
            }
        }
    }

    @Test
    void theListsAreTyped() {
        List<Agent> agents = list("wolkvox:agents");
        assertThat(agents).extracting(Agent::agentId).containsExactly("1001", "1002", "1003");
        assertThat(agents.get(0).enabled()).isEqualTo("yes");
        List<Skill> skills = list("wolkvox:skills");
        assertThat(skills).extracting(Skill::skillName).contains("Skill 1");
        List<Campaign> campaigns = list("wolkvox:campaigns");
        assertThat(campaigns).extracting(Campaign::typeCampaign).contains("predictive", "preview");
        List<ActivityCode> codes = list("wolkvox:activityCodes");
        assertThat(codes).extracting(ActivityCode::codAct).containsExactly("10", "20", "30");
        assertThat(codes.get(0).typeCode()).isEqualTo("cod_act1");
        TokenInfo info = template.requestBody("wolkvox:tokenInfo", null, TokenInfo.class);
        assertThat(info.tokenLimit()).isEqualTo("5000");
        assertThat(info.available()).isEqualTo("4999");
    }

    @Test
    void createActivityCodeKeepsStudioVoiceAndInteractions() {
        String cod = "S-" + System.nanoTime();
        template.requestBody("wolkvox:createActivityCode", new ActivityCode("cod_act1", cod, "Venta", "si", "no", "yes", "sí", "no", "1"));
        JsonNode sent = sandbox.activityCodes().get("cod_act1|" + cod);
        assertThat(sent.path("studio").asText()).isEqualTo("yes");
        assertThat(sent.path("voice").asText()).isEqualTo("no");
        assertThat(sent.path("interactions").asText()).isEqualTo("yes");

        String plain = "P-" + System.nanoTime();
        template.requestBody("wolkvox:createActivityCode", Map.of("type_code", "cod_act1", "cod_act", plain, "description_cod_act", "x"));
        // Not given: not sent, so Wolkvox keeps what the code has
        assertThat(sandbox.activityCodes().get("cod_act1|" + plain).has("voice")).isFalse();
    }

    @Test
    void editAndRemoveActivityCodeSendTheirBodies() throws Exception {
        WolkvoxResponse edited = template.requestBody("wolkvox:editActivityCode",
                Map.of("type_code", "cod_act1", "cod_act", "10", "description_cod_act", "Editado", "studio", "yes"), WolkvoxResponse.class);
        assertThat(edited.code()).isEqualTo(200);
        JsonNode body = JSON.readTree(last("configuration", "edit_cod_act").body());
        assertThat(body.path("studio").asText()).isEqualTo("yes");
        assertThat(body.path("hit").asText()).isEqualTo("no");

        template.requestBody("wolkvox:removeActivityCode", new ActivityCodeKey("cod_act1", "10"));
        assertThat(JSON.readTree(last("configuration", "remove_cod_act").body()).path("cod_act").asText()).isEqualTo("10");
    }

    @Test
    void addInteractionSendsFromnameAndToname() throws Exception {
        int before = sandbox.interactions().size();
        template.requestBody("wolkvox:addInteraction", new Interaction("a@example.com", "b@example.com", "S", "B", "101", "Ana", "Soporte"));
        JsonNode sent = JSON.readTree(sandbox.interactions().get(before).body());
        assertThat(sent.path("fromname").asText()).isEqualTo("Ana");
        assertThat(sent.path("toname").asText()).isEqualTo("Soporte");
    }

    @Test
    void addCampaignRecordsSendsTheCampaignInTheQueryAndTheRecordsAsBody() throws Exception {
        template.requestBody("wolkvox:addCampaignRecords", new CampaignUpload("Predictive", "301", null,
                List.of(Map.of("customer_id", "1", "tel1", "3001112233"), Map.of("customer_id", "2", "tel2", "3004445566"))));
        SandboxCall call = last("campaign", "add_record");
        assertThat(call.query()).containsEntry("type_campaign", "predictive").containsEntry("campaign_id", "301");
        assertThat(JSON.readTree(call.body())).hasSize(2);
    }

    @Test
    void invalidInputIsRefusedBeforeTheTokenIsTouched() {
        long before = sandbox.requests();
        assertThat(invalid("wolkvox:editActivityCode", Map.of("type_code", "cod_act1", "voice", "maybe")))
                .contains("cod_act: is required").contains("description_cod_act: is required").contains("voice: must be yes or no");
        assertThat(invalid("wolkvox:removeActivityCode", Map.of("cod_act", "10"))).contains("type_code: is required");
        assertThat(invalid("wolkvox:addCampaignRecords", new CampaignUpload("robot", null, null,
                List.of(Map.of("customer_id", "1", "telefono", "300"))))).contains("type_campaign: must be predictive or preview")
                .contains("campaign_id: is required").contains("records[0].telefono: is not a field of add_record")
                .contains("records[0]: needs a telephone");
        assertThat(sandbox.requests()).isEqualTo(before);
    }

    @Test
    void genericAndTypedCallsFromManyRoutesNeverOverlapOnOneToken() throws Exception {
        sandbox.setLatencyMillis(2);
        List<String> uris = List.of("wolkvox:agents", "wolkvox:call?file=information&api=skills", "wolkvox:routingPoints",
                "wolkvox:call?file=reports_manager&api=agent_1&query.date_ini=20260101000000&query.date_end=20260215000000",
                "wolkvox:campaigns", "wolkvox:call?file=real_time&api=agents");
        try (CamelContext routes = new DefaultCamelContext()) {
            routes.getPropertiesComponent().addInitialProperty("wolkvox.token", TOKEN);
            routes.getPropertiesComponent().addInitialProperty("wolkvox.base-url", sandbox.baseUrl());
            // every report pull goes upstream (no 5-minute rule): as many calls as possible compete for the token
            routes.getPropertiesComponent().addInitialProperty("wolkvox.min-pull-interval", "0");
            routes.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (int i = 0; i < uris.size(); i++) {
                        from("direct:r" + i).to(uris.get(i));
                    }
                }
            });
            routes.start();
            ProducerTemplate t = routes.createProducerTemplate();
            int overlapsBefore = sandbox.overlaps();
            long requestsBefore = sandbox.requests();
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                List<Future<Object>> calls = new ArrayList<>();
                for (int n = 0; n < 120; n++) {
                    String route = "direct:r" + (n % uris.size());
                    calls.add(pool.submit(() -> t.requestBody(route, (Object) null)));
                }
                for (Future<Object> f : calls) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).isNotNull();
                }
            } finally {
                pool.shutdownNow();
                sandbox.setLatencyMillis(0);
            }
            // 120 exchanges; the 46-day agent_1 report takes two windows each time
            assertThat(sandbox.requests() - requestsBefore).isEqualTo(140);
            assertThat(sandbox.overlaps()).isEqualTo(overlapsBefore).isZero();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(String uri) {
        return (List<T>) template.requestBody(uri, (Object) null, List.class);
    }

    private static SandboxCall last(String file, String api) {
        List<SandboxCall> calls = sandbox.catalogue().calls(file, api);
        assertThat(calls).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    private static String invalid(String uri, Object body) {
        CamelExecutionException e = catchThrowableOfType(CamelExecutionException.class, () -> template.requestBody(uri, body));
        assertThat(e).as("the call should have been refused").isNotNull();
        assertThat(e.getCause()).isInstanceOf(WolkvoxValidationException.class);
        return e.getCause().getMessage();
    }
}
