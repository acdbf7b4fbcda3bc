package io.github.camelwolkvox.csv;

import static io.github.camelwolkvox.csv.ActivityCodeCsvFiles.drop;
import static io.github.camelwolkvox.csv.ActivityCodeCsvFiles.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.AccountCircuit;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.component.WolkvoxFailure;
import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/** Real files dropped in a real inbox, read by the shipped route, sent to the sandbox over HTTP. */
class ActivityCodesFromCsvIT {

    @TempDir
    Path root;
    Path inbox;
    CamelContext context;

    @BeforeEach
    void inbox() throws IOException {
        inbox = Files.createDirectories(root.resolve("inbox"));
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
    }

    private WolkvoxSandbox start(Map<String, String> settings, Consumer<WolkvoxSandbox> sandbox) throws Exception {
        context = ActivityCodesRoute.start(inbox, settings, sandbox);
        context.getEndpoint("wolkvox:routingPoints").createProducer().start(); // starts the sandbox for the test to see
        return ActivityCodesRoute.sandbox(context);
    }

    private WolkvoxSandbox start() throws Exception {
        return start(Map.of(), s -> { });
    }

    /** Waits until the file has been archived in the folder with its result file and its progress record is gone; returns the result rows. */
    private List<CSVRecord> archived(String folder, String name) throws IOException {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.resolve(folder).resolve(name)).exists();
            assertThat(inbox.resolve(name)).doesNotExist();
            assertThat(inbox.resolve(folder).resolve(name + ".result.csv")).exists();
            assertThat(inbox.resolve("." + name + ".progress")).as("progress record").doesNotExist();
        });
        return result(inbox.resolve(folder).resolve(name + ".result.csv"));
    }

    private static List<String> column(List<CSVRecord> rows, String name) {
        return rows.stream().map(r -> r.get(name)).toList();
    }

    /** A misspelt account stops the start with the setting to fix, instead of failing every row later. */
    @Test
    void anInboxOnAnAccountWithoutATokenFailsTheStartNamingTheSetting() {
        Map<String, String> settings = Map.of("wolkvox.activity-codes.account", "bogta", // misspelt
                "wolkvox.token", "a-real-token", "wolkvox.server", "0012");

        assertThatThrownBy(() -> start(settings, s -> { }))
                .hasStackTraceContaining("activity-codes-from-csv")
                .hasStackTraceContaining("No Wolkvox token for account 'bogta': set wolkvox.accounts.bogta.token")
                .hasStackTraceContaining("is the account name spelt right?");
    }

    /** README: "a second inbox is one more templatedRoute block" — here added to the running job. */
    @Test
    void aSecondInboxIsOneMoreTemplatedRouteWithParametersOfItsOwn() throws Exception {
        WolkvoxSandbox sandbox = start();
        Path second = root.resolve("second");
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("second-inbox.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: wolkvox-activity-codes-inbox
                    routeId: second-inbox
                    parameters:
                      - name: inbox
                        value: "%s"
                      - name: doneFolder
                        value: archived
                      - name: pollDelay
                        value: "50"
                      - name: readLockCheckInterval
                        value: "100"
                """.formatted(second.toString().replace("\\", "/"))));
        assertThat(context.getRoute("second-inbox")).isNotNull();

        drop(inbox, "first.csv", "type_code,cod_act,description_cod_act,hit\nVENTAS,ONE,First inbox,yes\n", StandardCharsets.UTF_8);
        drop(Files.createDirectories(second), "second.csv", "type_code,cod_act,description_cod_act,hit\nVENTAS,TWO,Second inbox,yes\n",
                StandardCharsets.UTF_8);

        assertThat(column(archived("done", "first.csv"), "status")).containsExactly("created");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(second.resolve("archived").resolve("second.csv.result.csv")));
        assertThat(column(result(second.resolve("archived").resolve("second.csv.result.csv")), "status")).containsExactly("created");
        assertThat(second.resolve("done")).doesNotExist();
        assertThat(sandbox.activityCodes()).containsOnlyKeys("VENTAS|ONE", "VENTAS|TWO");
        // each inbox remembers its own files
        assertThat(inbox.resolve(".files-taken")).content().contains("first.csv");
        assertThat(second.resolve(".files-taken")).content().contains("second.csv").doesNotContain("first.csv");
    }

    @Test
    void commaFileWithCrlfQuotesLineBreaksAndBlankLinesInAnyColumnOrder() throws Exception {
        WolkvoxSandbox sandbox = start();
        drop(inbox, "comma.csv", String.join("\r\n",
                "\" Cod_Act \",TYPE_CODE,  Description_Cod_Act ,Hit,RPC,chat,Notes",
                "A-1,VENTAS,\"Venta, con coma\",yes,no,,ignored column",
                "",
                "A-2,VENTAS,\"Dice \"\"hola\"\"\",1,0,no,",
                ",,,,,,",
                "A-3,VENTAS,\"Línea uno",
                "línea dos\",TRUE,false,yes,",
                "A-4,VENTAS,Sin hit ni rpc,,,,") + "\r\n", StandardCharsets.UTF_8);

        List<CSVRecord> rows = archived("done", "comma.csv");

        assertThat(column(rows, "line")).containsExactly("2", "4", "6", "8");
        assertThat(column(rows, "status")).containsOnly("created");
        assertThat(column(rows, "cod_act")).containsExactly("A-1", "A-2", "A-3", "A-4");
        Map<String, JsonNode> codes = sandbox.activityCodes();
        assertThat(codes.get("VENTAS|A-1").get("description_cod_act").asText()).isEqualTo("Venta, con coma");
        assertThat(codes.get("VENTAS|A-2").get("description_cod_act").asText()).isEqualTo("Dice \"hola\"");
        assertThat(codes.get("VENTAS|A-3").get("description_cod_act").asText()).isEqualTo("Línea uno\r\nlínea dos");
        assertThat(codes.get("VENTAS|A-3").get("hit").asText()).isEqualTo("yes");
        assertThat(codes.get("VENTAS|A-3").get("chat").asText()).isEqualTo("yes");
        assertThat(codes.get("VENTAS|A-4").get("hit").asText()).isEqualTo("no");
        assertThat(codes.get("VENTAS|A-4").get("rpc").asText()).isEqualTo("no");
        assertThat(codes).hasSize(4);
    }

    @Test
    void theActionColumnCreatesEditsAndRemovesCodes() throws Exception {
        WolkvoxSandbox sandbox = start();
        drop(inbox, "actions.csv", String.join("\n",
                "type_code;cod_act;description_cod_act;hit;Acción",
                "VENTAS;A-1;Nuevo;sí;",
                "VENTAS;A-2;Cambiado;no;Editar",
                "VENTAS;A-3;;;eliminar",
                "VENTAS;A-4;Otro;no;archivar",
                "VENTAS;;Sin código;no;remove") + "\n", StandardCharsets.UTF_8);

        List<CSVRecord> rows = archived("done", "actions.csv");

        assertThat(column(rows, "status")).containsExactly("created", "updated", "removed", "rejected", "rejected");
        assertThat(rows.get(3).get("message")).contains("action", "archivar");
        assertThat(rows.get(4).get("message")).contains("cod_act");
        assertThat(sandbox.activityCodes()).containsOnlyKeys("VENTAS|A-1");
        assertThat(sandbox.catalogue().calls("configuration", "edit_cod_act")).singleElement()
                .satisfies(c -> assertThat(c.body()).contains("A-2", "Cambiado"));
        assertThat(sandbox.catalogue().calls("configuration", "remove_cod_act")).singleElement()
                .satisfies(c -> assertThat(c.body()).contains("A-3").doesNotContain("description"));
    }

    @Test
    void semicolonUtf8WithBomAndSpanishHeaders() throws Exception {
        WolkvoxSandbox sandbox = start();
        drop(inbox, "espanol.csv", "\uFEFFTipo_Código;CÓDIGO;Descripción;HIT;rpc\n"
                + "COBRANZA;C-1;Promesa de pago;sí;no\n"
                + "COBRANZA;C-2;Número equivocado;Si;1\n", StandardCharsets.UTF_8);

        List<CSVRecord> rows = archived("done", "espanol.csv");

        assertThat(column(rows, "status")).containsExactly("created", "created");
        assertThat(sandbox.activityCodes().get("COBRANZA|C-1").get("hit").asText()).isEqualTo("yes");
        assertThat(sandbox.activityCodes().get("COBRANZA|C-2").get("description_cod_act").asText()).isEqualTo("Número equivocado");
        assertThat(sandbox.activityCodes().get("COBRANZA|C-2").get("rpc").asText()).isEqualTo("yes");
    }

    @Test
    void tabSeparatedFile() throws Exception {
        WolkvoxSandbox sandbox = start();
        drop(inbox, "codes.tsv", "type_code\tcod_act\tdescription_cod_act\n"
                + "SOPORTE\tT-1\tCliente, molesto; pide llamada\n", StandardCharsets.UTF_8);

        assertThat(column(archived("done", "codes.tsv"), "status")).containsExactly("created");
        assertThat(sandbox.activityCodes().get("SOPORTE|T-1").get("description_cod_act").asText())
                .isEqualTo("Cliente, molesto; pide llamada");
    }

    @Test
    void windows1252ExportKeepsItsAccents() throws Exception {
        WolkvoxSandbox sandbox = start();
        drop(inbox, "excel.csv", "tipo_codigo;codigo;descripcion\r\nATENCIÓN;Ñ-1;Señal débil, llamó después\r\n",
                CsvDialect.WINDOWS_1252);

        assertThat(column(archived("done", "excel.csv"), "cod_act")).containsExactly("Ñ-1");
        assertThat(sandbox.activityCodes().get("ATENCIÓN|Ñ-1").get("description_cod_act").asText())
                .isEqualTo("Señal débil, llamó después");
    }

    @Test
    void invalidRowsAndRowsTheApiRefusesAreRejectedWithLineAndReason() throws Exception {
        WolkvoxSandbox sandbox = start(Map.of(), s -> s.setContentRule(
                call -> call.body().contains("\"RESERVADO\"") ? "cod_act RESERVADO is reserved by the platform" : null));
        drop(inbox, "mixed.csv", String.join("\n",
                "type_code,cod_act,description_cod_act,hit,rpc",
                "VENTAS,OK-1,Valid,no,no",
                "VENTAS,,No code,no,no",
                "VENTAS,BAD-HIT,Bad hit,maybe,no",
                "VENTAS,RESERVADO,Refused by Wolkvox,no,no",
                "VENTAS,EXTRA,Unquoted, comma,no,no",
                "VENTAS,OK-2,Valid too,yes,yes"), StandardCharsets.UTF_8);

        List<CSVRecord> rows = archived("done", "mixed.csv");

        assertThat(column(rows, "line")).containsExactly("2", "3", "4", "5", "6", "7");
        assertThat(column(rows, "status")).containsExactly("created", "rejected", "rejected", "rejected", "rejected", "created");
        assertThat(rows.get(1).get("message")).isEqualTo("cod_act: is required");
        assertThat(rows.get(2).get("message")).contains("hit: must be yes or no").contains("'maybe'");
        assertThat(rows.get(3).get("message")).isEqualTo("cod_act RESERVADO is reserved by the platform");
        assertThat(rows.get(4).get("message")).contains("row has 6 fields but the header has 5");
        assertThat(sandbox.activityCodes().keySet()).containsExactlyInAnyOrder("VENTAS|OK-1", "VENTAS|OK-2");
    }

    @Test
    void retryableFailuresAreRetriedUntilTheRowGoesThrough() throws Exception {
        WolkvoxSandbox sandbox = start(Map.of(), s -> s.setFaults(0.4, Set.of(SandboxFault.SERVER_ERROR, SandboxFault.ERROR_IN_200), 7));
        drop(inbox, "flaky.csv", ActivityCodeCsvFiles.text(10), StandardCharsets.UTF_8);

        assertThat(column(archived("done", "flaky.csv"), "status")).hasSize(10).containsOnly("created");
        assertThat(sandbox.activityCodes()).hasSize(10);
        assertThat(sandbox.requests()).isGreaterThan(11); // the routing-points call of start() and some retries
        assertThat(sandbox.overlaps()).isZero();
    }

    @Test
    void rowsThatStillFailAfterTheRetriesSendTheFileToError() throws Exception {
        WolkvoxSandbox sandbox = start(Map.of("wolkvox.retry.max-redeliveries", "2"),
                s -> s.setFaults(1.0, Set.of(SandboxFault.SERVER_ERROR), 1));
        long before = sandbox.requests();
        drop(inbox, "down.csv", ActivityCodeCsvFiles.text(3), StandardCharsets.UTF_8);

        List<CSVRecord> rows = archived("error", "down.csv");

        assertThat(column(rows, "status")).as(rows.toString()).containsExactly("failed", "failed", "failed");
        assertThat(rows.get(0).get("message")).contains("SERVER_ERROR").contains("HTTP 500");
        assertThat(sandbox.requests() - before).isEqualTo(3 * 3); // each row: the call and 2 retries
    }

    @Test
    void aRefusedTokenPausesTheFileWithNoRowFailedAndItResumesByItself() throws Exception {
        WolkvoxSandbox sandbox = start(Map.of("wolkvox.token", "tok-revoked", "wolkvox.sandbox.enabled", "true",
                "wolkvox.circuit.probe-interval", "200"), s -> s.acceptTokens("tok-of-someone-else"));
        drop(inbox, "token.csv", ActivityCodeCsvFiles.text(3), StandardCharsets.UTF_8);

        WolkvoxComponent wolkvox = context.getComponent("wolkvox", WolkvoxComponent.class);
        AccountCircuit circuit = wolkvox.getCircuit(wolkvox.getLanes().get("default"));
        await().until(() -> circuit.state() == AccountCircuit.State.OPEN);
        assertThat(circuit.pause().orElseThrow().reason()).isEqualTo(WolkvoxFailure.TOKEN_REFUSED);
        // Paused, not failed: the file stays in the inbox and no row has an outcome yet.
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() ->
                Files.exists(inbox.resolve("token.csv")) && !Files.exists(inbox.resolve("error")));

        sandbox.acceptTokens("tok-revoked"); // the operator had the token re-enabled: a probe sees it
        List<CSVRecord> rows = archived("done", "token.csv");
        assertThat(column(rows, "status")).containsExactly("created", "created", "created");
        assertThat(circuit.state()).isEqualTo(AccountCircuit.State.CLOSED);
    }

    @Test
    void aSpentDailyQuotaPausesTheFileMidwayAndItFinishesOnceTheQuotaIsRenewed() throws Exception {
        WolkvoxSandbox sandbox = start(Map.of("wolkvox.quota.retry-interval", "200"), s -> s.setDailyQuota(2));
        drop(inbox, "quota.csv", ActivityCodeCsvFiles.text(5), StandardCharsets.UTF_8);

        WolkvoxComponent wolkvox = context.getComponent("wolkvox", WolkvoxComponent.class);
        AccountCircuit circuit = wolkvox.getCircuit(wolkvox.getLanes().get("default"));
        await().until(() -> circuit.state() == AccountCircuit.State.QUOTA_SPENT);
        // Two rows went through; the rest wait in the inbox, none failed.
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() ->
                Files.exists(inbox.resolve("quota.csv")) && !Files.exists(inbox.resolve("error")));
        assertThat(sandbox.activityCodes()).hasSize(2);

        sandbox.setDailyQuota(-1); // the next day: a probe sees the quota renewed
        assertThat(column(archived("done", "quota.csv"), "status")).containsOnly("created").hasSize(5);
        assertThat(sandbox.activityCodes()).hasSize(5);
    }

    @Test
    void aFileWithoutTheRequiredColumnsGoesToErrorWithTheReason() throws Exception {
        WolkvoxSandbox sandbox = start();
        drop(inbox, "wrong.csv", "nombre;telefono\nAna;300\n", StandardCharsets.UTF_8);
        drop(inbox, "empty.csv", "\n\n", StandardCharsets.UTF_8);

        List<CSVRecord> wrong = archived("error", "wrong.csv");
        List<CSVRecord> empty = archived("error", "empty.csv");

        assertThat(column(wrong, "line")).containsExactly("0");
        assertThat(column(wrong, "status")).containsExactly("failed");
        assertThat(wrong.get(0).get("message")).contains("no type_code column").contains("no cod_act column")
                .contains("tipo_codigo").contains("nombre | telefono");
        assertThat(empty.get(0).get("message")).contains("empty");
        assertThat(sandbox.activityCodes()).isEmpty();
    }

    @Test
    void aBrokenQuoteStopsTheFileWhereItIsAndKeepsTheRowsBefore() throws Exception {
        WolkvoxSandbox sandbox = start();
        drop(inbox, "broken.csv", "type_code,cod_act,description_cod_act\nV,B-1,fine\nV,B-2,\"never closed\nV,B-3,lost\n",
                StandardCharsets.UTF_8);

        List<CSVRecord> rows = archived("error", "broken.csv");

        assertThat(column(rows, "status")).containsExactly("created", "failed");
        assertThat(rows.get(1).get("line")).isEqualTo("3");
        assertThat(rows.get(1).get("message")).contains("cannot be read from this line on");
        assertThat(sandbox.activityCodes().keySet()).containsExactly("V|B-1");
    }

    @Test
    void theSameNameWithNewContentIsProcessedAgainButAnIdenticalCopyIsNot() throws Exception {
        WolkvoxSandbox sandbox = start();
        Path first = drop(inbox, "codes.csv", "type_code,cod_act,description_cod_act\nV,R-1,first\n", StandardCharsets.UTF_8);
        FileTime firstTime = Files.getLastModifiedTime(first);
        archived("done", "codes.csv");

        drop(inbox, "codes.csv", "type_code,cod_act,description_cod_act\nV,R-1,second\nV,R-2,new\n", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(20)).until(() -> archivedAgain().size() == 2 && !Files.exists(inbox.resolve("codes.csv")));
        Path second = archivedAgain().stream().filter(p -> !p.getFileName().toString().equals("codes.csv")).findFirst().orElseThrow();
        List<CSVRecord> rows = result(Path.of(second + ".result.csv"));
        assertThat(column(rows, "status")).containsExactly("updated", "created");
        assertThat(sandbox.activityCodes().get("V|R-1").get("description_cod_act").asText()).isEqualTo("second");

        // An identical copy of the first file (same name, size and time) is not taken again ...
        Path copy = drop(inbox, "codes.csv", "type_code,cod_act,description_cod_act\nV,R-1,first\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(copy, firstTime);
        // ... while a file dropped after it is
        drop(inbox, "later.csv", "type_code,cod_act,description_cod_act\nV,L-1,later\n", StandardCharsets.UTF_8);
        archived("done", "later.csv");
        assertThat(copy).exists();
        assertThat(sandbox.activityCodes().get("V|R-1").get("description_cod_act").asText()).isEqualTo("second");
    }

    private List<Path> archivedAgain() throws IOException {
        try (Stream<Path> files = Files.list(inbox.resolve("done"))) {
            return files.filter(p -> p.getFileName().toString().matches("codes(-\\d{8}-\\d{6})?\\.csv")).toList();
        }
    }
}
