package io.github.camelwolkvox.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.model.ActivityCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file-to-rows step of the intake alone, no route and no server: a spreadsheet's CSV becomes
 * rows to send or rows already decided, each with the line it came from.
 */
class ActivityCodeRowsTest {

    @TempDir
    Path dir;

    @Test
    void aSpanishExcelExportWithATitleRowGivesOneRowPerDataLine() throws IOException {
        List<ActivityCodeRow> rows = read("""
                Códigos de actividad - noviembre
                Tipo;Código;Descripción;Hit;RPC;Chat
                1;V01;Venta cerrada;VERDADERO;FALSO;x
                ;;;;;
                1;;Sin código;;;
                2;V02;Llamar más tarde;SÍ;no;
                """, CsvDialect.WINDOWS_1252);

        assertThat(rows).extracting(ActivityCodeRow::line).containsExactly(3L, 5L, 6L);
        ActivityCode first = (ActivityCode) rows.get(0).code();
        assertThat(first.codAct()).isEqualTo("V01");
        assertThat(first.description()).isEqualTo("Venta cerrada");
        assertThat(rows.get(0).isToSend()).isTrue();
        assertThat(rows.get(1).decidedStatus()).isEqualTo(RowStatus.REJECTED);
        assertThat(rows.get(1).decidedMessage()).contains("cod_act");
        assertThat(rows.get(2).isToSend()).isTrue();
        assertThat(rows.get(2).note()).isEqualTo(CsvRows.WINDOWS_1252_NOTE);
    }

    @Test
    void theActionColumnChoosesTheOperationAndAnUnknownWordRejectsTheRow() throws IOException {
        List<ActivityCodeRow> rows = read("""
                type_code,cod_act,description_cod_act,action
                1,A1,Alta,crear
                1,A2,,eliminar
                1,A3,Tres,archivar
                """, StandardCharsets.UTF_8);

        assertThat(rows.get(0).action()).isEqualTo(RowAction.CREATE);
        assertThat(rows.get(1).action()).isEqualTo(RowAction.REMOVE);
        assertThat(rows.get(1).isToSend()).as("a removal needs no description").isTrue();
        assertThat(rows.get(2).decidedStatus()).isEqualTo(RowStatus.REJECTED);
        assertThat(rows.get(2).decidedMessage()).contains("archivar");
    }

    @Test
    void aDryRunSendsNothingAndRowsDoneBeforeACrashAreSkipped() throws IOException {
        String csv = """
                type_code,cod_act,description_cod_act
                1,A1,Uno
                1,A2,Dos
                1,A3,Tres
                """;
        List<ActivityCodeRow> dry = read(csv, StandardCharsets.UTF_8, line -> false, true);
        assertThat(dry).extracting(ActivityCodeRow::decidedStatus).containsOnly(RowStatus.VALID);

        List<ActivityCodeRow> resumed = read(csv, StandardCharsets.UTF_8, line -> line <= 3, false);
        assertThat(resumed).extracting(ActivityCodeRow::codAct).containsExactly("A3");
    }

    @Test
    void aFileWithoutAHeaderIsUnreadableNamingWhatTheFirstRowLacks() {
        assertThatThrownBy(() -> read("1;V01;Venta\n2;V02;Otra\n", StandardCharsets.UTF_8))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("header line");
        assertThatThrownBy(() -> read("", StandardCharsets.UTF_8))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("empty");
    }

    private List<ActivityCodeRow> read(String csv, Charset charset) throws IOException {
        return read(csv, charset, line -> false, false);
    }

    private List<ActivityCodeRow> read(String csv, Charset charset, java.util.function.LongPredicate done, boolean dryRun) throws IOException {
        Path file = Files.write(dir.resolve("codes-" + System.nanoTime() + ".csv"), csv.getBytes(charset));
        CsvDialect dialect = CsvDialect.detect(file);
        List<ActivityCodeRow> out = new ArrayList<>();
        try (ActivityCodeRows rows = ActivityCodeRows.open(
                new CsvRows(new ByteArrayInputStream(Files.readAllBytes(file)), dialect, 4096), done, dryRun)) {
            rows.forEachRemaining(out::add);
        }
        return out;
    }
}
