package io.github.camelwolkvox.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * How a spreadsheet export is written: its character set (UTF-8 with or without a byte-order mark,
 * Windows-1252 — what Excel writes for "CSV" on Spanish/Latin American Windows — or UTF-8 with some
 * Windows-1252 bytes, each read the way it was written, see {@link LenientUtf8Reader}) and its
 * delimiter ({@code ,} {@code ;} or tab: the one that splits a row above the data into the required
 * columns, else whichever the first line holds most of). The result file is written in the same
 * dialect, so it opens in the spreadsheet the file came from.
 */
public record CsvDialect(Charset charset, boolean bom, char delimiter, boolean mixed) {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** The result file of a workbook: for the Excel it came from, in Spain and Latin America ';'-separated. */
    static final CsvDialect WORKBOOK_RESULT = new CsvDialect(StandardCharsets.UTF_8, true, ';', false);
    private static final char[] DELIMITERS = {',', ';', '\t'};
    /** Characters looked at for the header (title rows above it included). */
    private static final int HEAD = 64 * 1024;

    /** Reads the file once (bytes for the encoding), and its head again for the delimiter. */
    public static CsvDialect detect(Path file) throws IOException {
        boolean bom;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(3);
            bom = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        }
        String head;
        long fallback;
        long utf8;
        try (LenientUtf8Reader reader = new LenientUtf8Reader(Files.newInputStream(file))) {
            char[] chars = new char[HEAD];
            int n = reader.read(chars, 0, HEAD);
            head = n < 0 ? "" : new String(chars, 0, n);
            reader.transferTo(Writer.nullWriter());
            fallback = reader.fallbackBytes();
            utf8 = reader.utf8Sequences();
        }
        // Only Windows-1252 bytes: an Excel "CSV" export, answered in kind; anything else in UTF-8.
        Charset charset = fallback > 0 && utf8 == 0 && !bom ? WINDOWS_1252 : StandardCharsets.UTF_8;
        return new CsvDialect(charset, bom, delimiterOf(head), fallback > 0 && charset.equals(StandardCharsets.UTF_8));
    }

    /** The delimiter that splits one of the first rows into the required columns; else the first line's most frequent. */
    static char delimiterOf(String head) {
        int newline = head.indexOf('\n');
        String firstLine = newline < 0 ? head : head.substring(0, newline);
        for (char d : DELIMITERS) {
            if (namesTheColumns(head, d)) {
                return d;
            }
        }
        return mostFrequent(firstLine);
    }

    private static boolean namesTheColumns(String head, char delimiter) {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(head)).setFormat(format(delimiter)).get()) {
            int rows = 0;
            for (CSVRecord r : parser) {
                if (ActivityCodeColumns.isHeader(r.toList())) {
                    return true;
                }
                if (++rows >= ActivityCodeRows.HEADER_SEARCH_ROWS) {
                    return false;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // a head cut inside a quoted field: the rows before it were looked at
        }
        return false;
    }

    /** The delimiter that occurs most often outside quotes; none means comma. */
    private static char mostFrequent(String line) {
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            for (int d = 0; d < DELIMITERS.length && !quoted; d++) {
                if (c == DELIMITERS[d]) {
                    counts[d]++;
                }
            }
        }
        int best = 0;
        for (int d = 1; d < DELIMITERS.length; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return DELIMITERS[best];
    }

    /**
     * RFC 4180 with this delimiter: quoted fields may hold delimiters, doubled quotes and line
     * breaks. Empty lines come through as records so every record's first line can be counted.
     */
    public CSVFormat format() {
        return format(delimiter);
    }

    private static CSVFormat format(char delimiter) {
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
    }

    /** For the log: "UTF-8 (BOM), ';'". */
    public String describe() {
        String d = delimiter == '\t' ? "tab" : "'" + delimiter + "'";
        return charset.name() + (bom ? " (BOM)" : "") + (mixed ? " with some Windows-1252 bytes" : "") + ", " + d;
    }
}
