package io.github.camelwolkvox.spreadsheet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a spreadsheet would run is shown instead; what it would split is quoted; the rest is left as it is. */
class SpreadsheetCsvTest {

    @Test
    void everyFormulaStartIsNeutralisedAndPlainNumbersAndTextAreNot() {
        assertThat(List.of("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "-", "+57 300 123"))
                .allSatisfy(cell -> assertThat(SpreadsheetCsv.neutralised(cell)).isEqualTo("'" + cell));
        assertThat(List.of("-5", "+57", "3.5", "-0,25", "", "texto = 1+1", " =1", "Atención"))
                .allSatisfy(cell -> assertThat(SpreadsheetCsv.neutralised(cell)).isEqualTo(cell));
    }

    @Test
    void aCellHoldingAnySeparatorAQuoteOrALineBreakIsQuoted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Charset windows1252 = Charset.forName("windows-1252");
        try (SpreadsheetCsv csv = SpreadsheetCsv.open(out, ';', windows1252, List.of("a", "b"))) {
            csv.row(List.of("uno, dos", "dice \"sí\""));
            csv.row(List.of("tab\there", "línea\nnueva"));
            csv.row(Arrays.asList(null, "ñ"));
        }

        assertThat(out.toString(windows1252)).isEqualTo("a;b\r\n\"uno, dos\";\"dice \"\"sí\"\"\"\r\n\"tab\there\";\"línea\nnueva\"\r\n;ñ\r\n");
    }

    @Test
    void utf8StartsWithAByteOrderMark() {
        byte[] bytes = SpreadsheetCsv.bytes(',', List.of("h"), List.of(List.of("é")));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("\uFEFFh\r\né\r\n");
    }
}
