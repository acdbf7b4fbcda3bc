package io.github.camelwolkvox.csv;

import static io.github.camelwolkvox.csv.ActivityCodeCsvFiles.drop;
import static io.github.camelwolkvox.csv.ActivityCodeCsvFiles.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * Files as spreadsheets and their users make them: mixed encodings, Spanish Excel's words and
 * title rows, workbooks, formulas in cells, dry runs; and result files that open in the
 * spreadsheet the file came from without running anything.
 */
class ActivityCodesSpreadsheetsIT {

    @TempDir
    Path root;
    Path inbox;
    CamelContext context;
    WolkvoxSandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        inbox = Files.createDirectories(root.resolve("inbox"));
        context = ActivityCodesRoute.start(inbox, Map.of(), s -> { });
        context.getEndpoint("wolkvox:routingPoints").createProducer().start(); // starts the sandbox for the test to see
        sandbox = ActivityCodesRoute.sandbox(context);
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    private Path archived(Path folder, String name) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(folder.resolve(name + ".result.csv")).exists();
            assertThat(folder.getParent().resolve(name)).doesNotExist();
        });
        return folder.resolve(name + ".result.csv");
    }

    private String description(String key) {
        return sandbox.activityCodes().get(key).get("description_cod_act").asText();
    }

    @Test
    void aMixedFileKeepsEveryAccentAndTheResultSaysWhichLinesWereWindows1252() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("type_code,cod_act,description_cod_act\nV,M-1,Descripción en UTF-8\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("V,M-2,Señal débil en Windows-1252\n".getBytes(CsvDialect.WINDOWS_1252));
        bytes.writeBytes("V,M-3,\"ñandú, línea\ncon salto\"\n".getBytes(StandardCharsets.UTF_8));
        Path tmp = root.resolve("mixed.tmp");
        Files.write(tmp, bytes.toByteArray());
        Files.move(tmp, inbox.resolve("mixed.csv"));

        List<CSVRecord> rows = result(archived(inbox.resolve("done"), "mixed.csv"));

        assertThat(description("V|M-1")).isEqualTo("Descripción en UTF-8");
        assertThat(description("V|M-2")).isEqualTo("Señal débil en Windows-1252");
        assertThat(description("V|M-3")).isEqualTo("ñandú, línea\ncon salto");
        assertThat(rows).extracting(r -> r.get("line")).containsExactly("2", "3", "4");
        assertThat(rows).extracting(r -> r.get("note")).containsExactly("", "bytes that are not UTF-8 read as Windows-1252", "");
    }

    @Test
    void aSemicolonWindows1252FileGetsASemicolonWindows1252Result() throws Exception {
        drop(inbox, "excel.csv", "tipo_codigo;codigo;descripcion\r\nATENCIÓN;Ñ-1;Señal débil\r\nATENCIÓN;;sin código\r\n",
                CsvDialect.WINDOWS_1252);

        Path resultFile = archived(inbox.resolve("done"), "excel.csv");

        String text = Files.readString(resultFile, CsvDialect.WINDOWS_1252);
        assertThat(text).startsWith("line;type_code;cod_act;status;message;note\r\n");
        assertThat(text).contains("2;ATENCIÓN;Ñ-1;created;");
        assertThat(result(resultFile)).extracting(r -> r.get("status")).containsExactly("created", "rejected");
    }

    /** OWASP CSV injection: a cell a spreadsheet would run is written with a leading quote; Wolkvox gets the value as it was. */
    @Test
    void formulasAreNeutralisedInTheResultFileButSentAsTheyAre() throws Exception {
        drop(inbox, "formulas.csv", String.join("\n", "type_code;cod_act;description_cod_act",
                "V;=1+2;\"=HYPERLINK(\"\"http://evil.example\"\";\"\"click\"\")\"",
                "V;@SUM(A1);+cmd|' /C calc'!A0",
                "V;-5;negative number, not a formula",
                "V;a,=1+1;a separator of another locale inside a cell", ""), StandardCharsets.UTF_8);

        Path resultFile = archived(inbox.resolve("done"), "formulas.csv");

        assertThat(sandbox.activityCodes()).containsOnlyKeys("V|=1+2", "V|@SUM(A1)", "V|-5", "V|a,=1+1");
        assertThat(description("V|=1+2")).isEqualTo("=HYPERLINK(\"http://evil.example\";\"click\")");
        assertThat(description("V|@SUM(A1)")).isEqualTo("+cmd|' /C calc'!A0");
        String text = Files.readString(resultFile, StandardCharsets.UTF_8);
        assertThat(text).contains("\n2;V;'=1+2;created;").contains("\n3;V;'@SUM(A1);created;").contains("\n4;V;-5;created;")
                .contains("\n5;V;\"a,=1+1\";created;"); // quoted: a comma-list Excel cannot split it open
        assertThat(result(resultFile)).extracting(r -> r.get("cod_act")).containsExactly("'=1+2", "'@SUM(A1)", "-5", "a,=1+1");
    }

    /** Readable by other users: the permissions the umask gives a new file (644 with the usual 022), not 600. */
    @Test
    void theResultFileIsReadableByOtherUsers() throws Exception {
        drop(inbox, "perms.csv", ActivityCodeCsvFiles.text(1), StandardCharsets.UTF_8);
        Path resultFile = archived(inbox.resolve("done"), "perms.csv");

        Set<PosixFilePermission> umask = Files.getPosixFilePermissions(Files.createFile(root.resolve("umask-probe")));
        assertThat(Files.getPosixFilePermissions(resultFile)).isEqualTo(umask).contains(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void spanishExcelYesNoWordsAndATitleAboveTheHeader() throws Exception {
        drop(inbox, "excel-es.csv", String.join("\r\n",
                "Códigos de actividad - campaña marzo;;;;;",
                ";;;;;",
                "Tipo;Código;Descripción;Hit;RPC;Chat",
                "VENTAS;E-1;Verdadero y falso;VERDADERO;FALSO;",
                "VENTAS;E-2;Sí y no;SÍ;NO;x",
                "VENTAS;E-3;Vacío;;;X", ""), CsvDialect.WINDOWS_1252);

        List<CSVRecord> rows = result(archived(inbox.resolve("done"), "excel-es.csv"));

        assertThat(rows).extracting(r -> r.get("line")).containsExactly("4", "5", "6");
        assertThat(rows).extracting(r -> r.get("status")).containsOnly("created");
        Map<String, com.fasterxml.jackson.databind.JsonNode> codes = sandbox.activityCodes();
        assertThat(List.of(codes.get("VENTAS|E-1").get("hit").asText(), codes.get("VENTAS|E-1").get("rpc").asText(),
                codes.get("VENTAS|E-1").get("chat").asText())).containsExactly("yes", "no", "no");
        assertThat(List.of(codes.get("VENTAS|E-2").get("hit").asText(), codes.get("VENTAS|E-2").get("rpc").asText(),
                codes.get("VENTAS|E-2").get("chat").asText())).containsExactly("yes", "no", "yes");
        assertThat(codes.get("VENTAS|E-3").get("chat").asText()).isEqualTo("yes");
    }

    /** The first sheet only, formulas as their cached values, Excel's booleans, row numbers as lines; a title row above. */
    @Test
    void anXlsxWorkbookIsReadLikeACsvFile() throws Exception {
        Path tmp = root.resolve("codes.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(tmp)) {
            Sheet sheet = workbook.createSheet("Códigos");
            sheet.createRow(0).createCell(0).setCellValue("Lista de códigos (no es el encabezado)");
            Row header = sheet.createRow(2);
            String[] names = {"tipo_codigo", "codigo", "descripcion", "hit", "rpc"};
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            Row one = sheet.createRow(3);
            one.createCell(0).setCellValue("VENTAS");
            one.createCell(1).setCellValue("X-1");
            one.createCell(2).setCellFormula("CONCATENATE(\"Venta \",\"por fórmula\")");
            one.createCell(3).setCellValue(true);
            one.createCell(4).setCellValue("no");
            Row two = sheet.createRow(5); // row 5 empty in between; rpc left out
            two.createCell(0).setCellValue("VENTAS");
            two.createCell(1).setCellValue(42);
            two.createCell(2).setCellValue("Número como código");
            two.createCell(3).setCellValue(false);
            workbook.createSheet("Otra hoja").createRow(0).createCell(0).setCellValue("ignored");
            workbook.getCreationHelper().createFormulaEvaluator().evaluateAll(); // Excel saves the cached value too
            workbook.write(out);
        }
        Files.move(tmp, inbox.resolve("codes.xlsx"));

        Path resultFile = archived(inbox.resolve("done"), "codes.xlsx");

        List<CSVRecord> rows = result(resultFile);
        assertThat(Files.readString(resultFile, StandardCharsets.UTF_8)).startsWith("\uFEFFline;");
        assertThat(rows).extracting(r -> r.get("line")).containsExactly("4", "6");
        assertThat(rows).extracting(r -> r.get("status")).containsOnly("created");
        assertThat(description("VENTAS|X-1")).isEqualTo("Venta por fórmula");
        assertThat(sandbox.activityCodes().get("VENTAS|X-1").get("hit").asText()).isEqualTo("yes");
        assertThat(sandbox.activityCodes().get("VENTAS|42").get("hit").asText()).isEqualTo("no");
        assertThat(sandbox.activityCodes()).hasSize(2);
    }

    @Test
    void anyOtherFileGoesToErrorSayingWhy() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        Appender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                warnings.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        logs.getConfiguration().getLoggerConfig(ActivityCodeIntake.class.getName()).addAppender(capture, Level.WARN, null);
        Path tmp = root.resolve("manual.pdf");
        Files.writeString(tmp, "%PDF-1.4 not activity codes");
        Files.move(tmp, inbox.resolve("manual.pdf"));
        Files.writeString(inbox.resolve("broken.xlsx.tmp"), "not a zip");
        Files.move(inbox.resolve("broken.xlsx.tmp"), inbox.resolve("broken.xlsx"));

        List<CSVRecord> pdf = result(archived(inbox.resolve("error"), "manual.pdf"));
        List<CSVRecord> xlsx = result(archived(inbox.resolve("error"), "broken.xlsx"));

        assertThat(inbox.resolve("error").resolve("manual.pdf")).exists();
        assertThat(pdf.get(0).get("message")).contains("not a file this inbox reads");
        assertThat(xlsx.get(0).get("message")).contains("not a readable .xlsx workbook");
        assertThat(sandbox.activityCodes()).isEmpty();
        logs.getConfiguration().getLoggerConfig(ActivityCodeIntake.class.getName()).removeAppender("capture");
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("WARN Activity codes manual.pdf: not a file this inbox reads")
                .contains("wolkvox.activity-codes.include").endsWith("moved to error/manual.pdf"));
    }

    /** A dry run: every row checked and reported, not one call to Wolkvox. */
    @Test
    void aFileInTheCheckFolderOrNamedCheckIsValidatedWithoutASingleCall() throws Exception {
        long before = sandbox.requests();
        String rows = "type_code,cod_act,description_cod_act,hit\nV,D-1,Valid,sí\nV,,No code,no\nV,D-3,Bad hit,quizás\n";
        drop(Files.createDirectories(inbox.resolve("check")), "codes.csv", rows, StandardCharsets.UTF_8);
        drop(inbox, "codes.check.csv", rows, StandardCharsets.UTF_8);

        List<CSVRecord> inCheckFolder = result(archived(inbox.resolve("check/done"), "codes.csv"));
        List<CSVRecord> byName = result(archived(inbox.resolve("done"), "codes.check.csv"));

        for (List<CSVRecord> result : List.of(inCheckFolder, byName)) {
            assertThat(result).extracting(r -> r.get("status")).containsExactly("valid", "rejected", "rejected");
            assertThat(result.get(0).get("message")).contains("not sent (dry run)");
            assertThat(result.get(2).get("message")).contains("hit: must be yes or no");
        }
        assertThat(sandbox.requests()).isEqualTo(before);
        assertThat(sandbox.activityCodes()).isEmpty();
        // what an upload page asks
        InboxFileState state = InboxFileState.of(inbox.resolve("check"), "codes.csv", "done", "error");
        assertThat(state.stage()).isEqualTo(InboxFileState.Stage.DONE);
        assertThat(state.rowsFinished()).isEqualTo(3);
        assertThat(state.resultFile()).isEqualTo(inbox.resolve("check/done/codes.csv.result.csv"));
    }
}
