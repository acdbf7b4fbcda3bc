package io.github.camelwolkvox.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Test files as supervisors make them, and the result files read back. {@link #generate} writes a
 * large export row by row (for the streaming and -Xmx benchmarks too).
 */
public final class ActivityCodeCsvFiles {

    private ActivityCodeCsvFiles() {
    }

    /** Writes the text in the charset, renamed into place so the inbox never sees half a file. */
    public static Path drop(Path inbox, String name, String text, Charset charset) throws IOException {
        Path tmp = Files.createTempFile(inbox.getParent(), name, ".tmp");
        Files.write(tmp, text.getBytes(charset));
        return Files.move(tmp, inbox.resolve(name));
    }

    /**
     * An export of {@code rows} codes with the header type_code;cod_act;description_cod_act;hit;rpc;chat:
     * accents, a quoted delimiter, CRLF line ends, cod_act GEN-000001 upwards. Written row by row.
     */
    public static Path generate(Path file, int rows, char delimiter, Charset charset) throws IOException {
        String d = String.valueOf(delimiter);
        try (BufferedWriter out = Files.newBufferedWriter(file, charset)) {
            out.write(String.join(d, "type_code", "cod_act", "description_cod_act", "hit", "rpc", "chat") + "\r\n");
            for (int i = 1; i <= rows; i++) {
                out.write(String.join(d, "GESTION", String.format("GEN-%06d", i),
                        "\"Atención número " + i + d + " señal\"", i % 2 == 0 ? "sí" : "no", i % 3 == 0 ? "1" : "0", "no") + "\r\n");
            }
        }
        return file;
    }

    /** A small valid export: header and {@code rows} codes V / T-1.. */
    public static String text(int rows) {
        StringBuilder sb = new StringBuilder("type_code,cod_act,description_cod_act\n");
        for (int i = 1; i <= rows; i++) {
            sb.append("V,T-").append(i).append(",Test code ").append(i).append('\n');
        }
        return sb.toString();
    }

    /**
     * The result file's rows (after its header), read in the dialect it is written in: UTF-8 after a
     * byte-order mark, else Windows-1252; the separator that follows "line" in the header.
     */
    public static List<CSVRecord> result(Path resultFile) throws IOException {
        byte[] bytes = Files.readAllBytes(resultFile);
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
        String text = bom ? new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8) : new String(bytes, CsvDialect.WINDOWS_1252);
        if (!text.startsWith("line")) {
            throw new AssertionError("result file " + resultFile + " does not start with its header: " + text.lines().findFirst());
        }
        try (Reader in = new StringReader(text)) {
            return new ArrayList<>(CSVFormat.DEFAULT.builder().setDelimiter(text.charAt(4)).setHeader().setSkipHeaderRecord(true).get()
                    .parse(in).getRecords());
        }
    }
}
